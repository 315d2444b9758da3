package io.shardline.admin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditTest {
    @Test
    void everyPasswordParameterIsMaskedAndLinesCannotBeForged() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("DbName", "shop");
        params.put("Password", "Shop-pass-1");
        params.put("NewPasswd", "Shop-pass-2");
        params.put("password", "Reader-1");
        params.put("OriginPassword", "Reader-0");
        params.put("Description", "two\nlines");
        assertEquals("{DbName=shop, Password=******, NewPasswd=******, password=******, OriginPassword=******,"
                + " Description=two lines}", Audit.masked(params));
    }
}
