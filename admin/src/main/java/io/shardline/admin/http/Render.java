package io.shardline.admin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Answers as JSON (the default) or XML, as the spec's examples: XML's root is {@code <Action>Response} (an error's
 * {@code Error}), an object's fields are elements, a list is a wrapper element of one element per item, except RDS's
 * {@code Items.Backup} style where the items repeat under the list's own name. JSON has the same structure (a list
 * is {@code {"<item name>": [...]}}), as Aliyun's services answer and its SDK reads. Null fields are left out of XML.
 */
final class Render {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    enum Format {
        JSON("application/json;charset=utf-8"), XML("text/xml;charset=utf-8");

        final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        /** The request's Format parameter (any case); JSON when absent or not one of the two. */
        static Format of(String given) {
            return given != null && given.equalsIgnoreCase("XML") ? XML : JSON;
        }
    }

    private Render() {
    }

    static String body(Format format, String root, String specName, Map<String, Object> fields) {
        return format == Format.JSON ? json(specName, fields) : xml(root, specName, fields);
    }

    private static String json(String specName, Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(wrapLists(specName, null, fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answers are maps, lists, strings and numbers", e);
        }
    }

    /**
     * Aliyun's JSON mirrors its XML: a list is an object holding the items under their element name
     * ({@code "Vips": {"Vip": [...]}}), and the SDK's JSON reader drops that name again to index the items.
     */
    private static Object wrapLists(String specName, String name, Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), wrapLists(specName, String.valueOf(k), v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            for (Object item : list) {
                items.add(wrapLists(specName, null, item));
            }
            return name == null || name.equals("Backup") ? items : Map.of(WireShape.itemName(specName, name), items);
        }
        return value;
    }

    private static String xml(String root, String specName, Map<String, Object> fields) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XML.createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement(root);
            writeFields(w, specName, fields);
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing XML to a string", e);
        }
        return out.toString();
    }

    private static void writeFields(XMLStreamWriter w, String specName, Map<?, ?> fields) throws XMLStreamException {
        for (Map.Entry<?, ?> e : fields.entrySet()) {
            String name = String.valueOf(e.getKey());
            Object value = e.getValue();
            if (value instanceof List<?> list && name.equals("Backup")) {
                for (Object item : list) {
                    write(w, specName, name, item);
                }
            } else {
                write(w, specName, name, value);
            }
        }
    }

    private static void write(XMLStreamWriter w, String specName, String name, Object value) throws XMLStreamException {
        if (value == null) {
            return;
        }
        w.writeStartElement(name);
        if (value instanceof Map<?, ?> map) {
            writeFields(w, specName, map);
        } else if (value instanceof List<?> list) {
            String item = WireShape.itemName(specName, name);
            for (Object each : list) {
                write(w, specName, item, each);
            }
        } else {
            w.writeCharacters(String.valueOf(value));
        }
        w.writeEndElement();
    }
}
