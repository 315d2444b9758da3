package io.shardline.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The string parameters of one {@code call}, checked against the action's list: names match the spec's ignoring
 * case (the spec itself writes {@code Type} and {@code type}), the common request parameters are ignored, an
 * unknown one is UnsupportedParameter, a missing required one MissingParameter. Values convert to the spec's types.
 */
final class Params {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = values;
    }

    static Params of(Action a, Map<String, String> raw) throws DrdsException {
        Map<String, String> values = new HashMap<>();
        for (var e : (raw == null ? Map.<String, String>of() : raw).entrySet()) {
            String name = a.canonical(e.getKey());
            if (name == null) {
                if (Action.isCommon(e.getKey())) {
                    continue;
                }
                throw DrdsError.UNSUPPORTED_PARAMETER.with("The parameter \"" + e.getKey() + "\" is not supported by "
                        + a + "; its parameters are " + a.parameters());
            }
            if (values.put(name, e.getValue()) != null) {
                throw DrdsError.INVALID_PARAMETER.with("The parameter \"" + name + "\" is given twice");
            }
        }
        for (String p : a.parameters()) {
            String v = values.get(p);
            if (a.isRequired(p) && (v == null || v.isEmpty())) {
                throw DrdsError.MISSING_PARAMETER.with("The parameter \"" + p + "\" is needed but not provided.");
            }
        }
        return new Params(values);
    }

    String get(String name) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    int integer(String name, DrdsError malformed) throws DrdsException {
        try {
            return Integer.parseInt(get(name).trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw malformed.with(name + " must be an integer, is '" + get(name) + "'");
        }
    }

    Integer optionalInteger(String name) throws DrdsException {
        return get(name) == null ? null : integer(name, DrdsError.PARAMETER_ERROR);
    }

    /** {@code true} or {@code false} (any case); {@code fallback} when absent. */
    boolean bool(String name, boolean fallback) throws DrdsException {
        String v = get(name);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw DrdsError.malformed(name, name + " must be true or false, is '" + v + "'");
        };
    }

    /** A comma-separated list, each entry trimmed. */
    List<String> list(String name) {
        String v = get(name);
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String part : v.split(",", -1)) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /** A comma-separated list of integers; a non-integer is {@code malformed}. */
    List<Integer> integers(String name, DrdsError malformed) throws DrdsException {
        List<Integer> out = new ArrayList<>();
        for (String part : list(name)) {
            try {
                out.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                throw malformed.with(name + " must be integers separated by commas: '" + get(name) + "'");
            }
        }
        return out;
    }

    /** A JSON array of strings given as a string, as CreateDrdsDB's RdsInstances. */
    List<String> jsonStrings(String name) throws DrdsException {
        JsonNode node;
        try {
            node = JSON.readTree(get(name));
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isArray()) {
            throw DrdsError.malformed(name, name + " must be a JSON array of names, like [\"rds1\",\"rds2\"]");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw DrdsError.malformed(name, name + " must hold strings only: " + get(name));
            }
            out.add(item.asText());
        }
        return out;
    }
}
