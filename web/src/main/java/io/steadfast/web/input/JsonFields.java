package io.steadfast.web.input;

import io.steadfast.web.problem.Problem;
import io.steadfast.web.problem.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.ws.rs.core.Response;

import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The fields of a JSON request body, read strictly: a field of the wrong JSON type is a 400, never
 * coerced (Yasson, which bound bodies before, turned {@code "1000"} into 1000, {@code 1} and
 * {@code "yes"} into {@code true} and {@code 10.5} into 10). Every string passes {@link Text}'s
 * character rule; every number must be an exact integer within its bounds, checked against the
 * bounds as a {@link BigDecimal} so that no exponent can overflow the check. An absent field and
 * an explicit {@code null} read as null (required fields are the caller's rule, so that Bean
 * Validation can list every missing one at once); unknown fields are ignored.
 */
public final class JsonFields {

    /**
     * Duplicate names are a parse error: a body whose meaning depends on which copy wins is
     * ambiguous. JSON-P 2.1 says so with {@code KEY_STRATEGY}; Parsson 1.1 (WildFly 39's) only
     * knows its own switch, so both are given.
     */
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of(
            JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE,
            "org.eclipse.parsson.rejectDuplicateKeys", true));

    private final JsonObject object;
    private final String prefix;

    private JsonFields(JsonObject object, String prefix) {
        this.object = object;
        this.prefix = prefix;
    }

    /** The fields of {@code body}, or null when it is empty or blank. */
    public static JsonFields parse(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ProblemException(Problem.of(Response.Status.BAD_REQUEST, "malformed-json", "Malformed JSON",
                    "The request body is not UTF-8."));
        }
        return parse(text);
    }

    /** The fields of {@code body}, or null when it is null, empty or blank. */
    public static JsonFields parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonValue value;
        try (JsonParser parser = PARSERS.createParser(new StringReader(body))) {
            parser.next();
            value = parser.getValue();
            if (parser.hasNext()) {
                // Something after the value ({"amount":1} x): not one JSON text.
                throw malformed();
            }
        } catch (JsonException | IllegalStateException | NumberFormatException e) {
            throw malformed();
        } catch (UnsupportedOperationException | ArithmeticException e) {
            // Parsson refuses to read a number of more than 1100 characters.
            throw ProblemException.badRequest("The body holds a number too long to read; no field takes one of more than 1100 characters.");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ProblemException.badRequest("The body must be a JSON object, not " + kind(value) + ".");
        }
        return new JsonFields(value.asJsonObject(), "");
    }

    static ProblemException malformed() {
        return new ProblemException(Problem.of(Response.Status.BAD_REQUEST, "malformed-json", "Malformed JSON",
                "The request body is not valid JSON (or names a field twice)."));
    }

    private String path(String name) {
        return prefix + name;
    }

    /** The field's value, or null when it is absent or JSON null. */
    private JsonValue value(String name) {
        JsonValue v = object.get(name);
        return v == null || v.getValueType() == JsonValue.ValueType.NULL ? null : v;
    }

    private ProblemException wrongType(String name, String expected, JsonValue v) {
        return ProblemException.badRequest(path(name) + ": must be " + expected + ", not " + kind(v) + ".");
    }

    /** "a string", "an array", "true", ... : what a value is, never what it says. */
    static String kind(JsonValue v) {
        return switch (v.getValueType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case TRUE -> "true";
            case FALSE -> "false";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
        };
    }

    /** True when the field is there with the value JSON null (which the getters read as null, like an absent field). */
    public boolean isNull(String name) {
        JsonValue v = object.get(name);
        return v != null && v.getValueType() == JsonValue.ValueType.NULL;
    }

    /** A string field (null when absent or null) that passes {@link Text#require}; any other JSON type is a 400. */
    public String string(String name) {
        JsonValue v = value(name);
        if (v == null) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.STRING) {
            throw wrongType(name, "a JSON string", v);
        }
        return Text.require(path(name), ((JsonString) v).getString());
    }

    /**
     * An amount of money in minor units: a whole number from 1 to {@code max} (null when absent or
     * null). See {@link #integer}.
     */
    public Long amount(String name, long max) {
        return integer(name, 1, max, " of minor units");
    }

    /**
     * A whole number from {@code min} to {@code max} (null when absent or null). Written in any JSON
     * form that is exactly such a number ({@code 100}, {@code 100.0}, {@code 1E2}); a fraction, a
     * number out of range (whatever its exponent) or any other JSON type is a 400, never rounded,
     * truncated or wrapped.
     *
     * @param unit what the number counts, for the message (" of minor units"), or ""
     */
    public Long integer(String name, long min, long max, String unit) {
        JsonValue v = value(name);
        if (v == null) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.NUMBER) {
            throw wrongType(name, "a JSON number (a whole number" + unit + ")", v);
        }
        BigDecimal d;
        try {
            d = ((JsonNumber) v).bigDecimalValue();
        } catch (RuntimeException e) {
            // The implementation's own limits (Parsson refuses numbers of more than 1100 characters).
            throw outOfRange(name, min, max, unit);
        }
        if (!integral(d)) {
            throw ProblemException.badRequest(path(name) + ": must be a whole number" + unit + "; a fraction is refused, never rounded.");
        }
        // compareTo works on the adjusted exponents as longs first: 1E+2147483647 is cheap and exact here.
        if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw outOfRange(name, min, max, unit);
        }
        return d.longValueExact();
    }

    private ProblemException outOfRange(String name, long min, long max, String unit) {
        String range = min == 1 ? "greater than 0 and at most " + max : "from " + min + " to " + max;
        return ProblemException.badRequest(path(name) + ": must be " + range + " (a whole number" + unit + ").");
    }

    /** True when {@code d} has no fractional part; never throws, whatever its scale. */
    static boolean integral(BigDecimal d) {
        if (d.signum() == 0 || d.scale() <= 0) {
            return true;
        }
        // A positive scale only grows smaller when trailing zeros are stripped: no overflow.
        return d.stripTrailingZeros().scale() <= 0;
    }

    /** A boolean field: JSON {@code true} or {@code false}, or {@code absent} when the field is missing. Anything else, null included, is a 400. */
    public boolean bool(String name, boolean absent) {
        JsonValue v = object.get(name);
        if (v == null) {
            return absent;
        }
        return switch (v.getValueType()) {
            case TRUE -> true;
            case FALSE -> false;
            default -> throw ProblemException.badRequest(path(name) + ": must be JSON true or false (or left out for "
                    + absent + "), not " + kind(v) + ".");
        };
    }

    /** A nested object's fields (names prefixed with {@code name.} in messages), or null when absent or null. */
    public JsonFields object(String name) {
        JsonValue v = value(name);
        if (v == null) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw wrongType(name, "a JSON object", v);
        }
        return new JsonFields(v.asJsonObject(), path(name) + ".");
    }
}
