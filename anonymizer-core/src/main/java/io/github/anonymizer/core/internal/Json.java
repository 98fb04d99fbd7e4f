package io.github.anonymizer.core.internal;

import java.util.Locale;

/**
 * A minimal JSON text builder for the reports this project writes (detections, evaluations,
 * model lists). Not a parser, and not part of the API.
 *
 * <p>Confined to one thread.
 */
public final class Json {
    private final StringBuilder sb = new StringBuilder();
    private boolean needComma;

    public Json beginObject() {
        comma();
        sb.append('{');
        needComma = false;
        return this;
    }

    public Json endObject() {
        sb.append('}');
        needComma = true;
        return this;
    }

    public Json beginArray() {
        comma();
        sb.append('[');
        needComma = false;
        return this;
    }

    public Json endArray() {
        sb.append(']');
        needComma = true;
        return this;
    }

    /** Writes {@code "name":} and leaves the value to the next call. */
    public Json name(String name) {
        comma();
        quote(sb, name);
        sb.append(':');
        needComma = false;
        return this;
    }

    public Json value(String s) {
        comma();
        if (s == null) {
            sb.append("null");
        } else {
            quote(sb, s);
        }
        needComma = true;
        return this;
    }

    public Json value(long v) {
        comma();
        sb.append(v);
        needComma = true;
        return this;
    }

    public Json value(boolean v) {
        comma();
        sb.append(v);
        needComma = true;
        return this;
    }

    /** A number with up to {@code decimals} decimals; NaN and infinities become null. */
    public Json value(double v, int decimals) {
        comma();
        if (!Double.isFinite(v)) {
            sb.append("null");
        } else {
            String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
            if (s.contains(".")) {
                s = s.replaceAll("0+$", "");
                if (s.endsWith(".")) {
                    s = s.substring(0, s.length() - 1);
                }
            }
            sb.append(s.equals("-0") ? "0" : s);
        }
        needComma = true;
        return this;
    }

    public Json field(String name, String v) {
        return name(name).value(v);
    }

    public Json field(String name, long v) {
        return name(name).value(v);
    }

    public Json field(String name, boolean v) {
        return name(name).value(v);
    }

    public Json field(String name, double v, int decimals) {
        return name(name).value(v, decimals);
    }

    private void comma() {
        if (needComma) {
            sb.append(',');
        }
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    /** Appends {@code s} as a JSON string literal. */
    public static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
