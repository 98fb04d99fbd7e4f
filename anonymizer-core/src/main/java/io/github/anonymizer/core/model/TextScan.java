package io.github.anonymizer.core.model;

import io.github.anonymizer.core.model.ModelFormat.FormatProblem;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a protobuf text-format file (prototxt, pbtxt): UTF-8, no NUL, a keyword present, and
 * braces balanced outside strings and comments (a truncated file leaves a brace open). Stateless.
 */
final class TextScan {

    /** Text model descriptions are tens of kilobytes; anything this large is not one. */
    static final long MAX_TEXT_BYTES = 64L << 20;

    private TextScan() {}

    static void check(Path file, String keyword) throws IOException, FormatProblem {
        long size = Files.size(file);
        if (size > MAX_TEXT_BYTES) {
            throw new FormatProblem(size + " bytes is too large for a text model description");
        }
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        StringBuilder text = new StringBuilder((int) size);
        try (Reader r = new InputStreamReader(Files.newInputStream(file), decoder)) {
            char[] buf = new char[8192];
            for (int n; (n = r.read(buf)) > 0; ) {
                text.append(buf, 0, n);
            }
        } catch (CharacterCodingException e) {
            throw new FormatProblem("not UTF-8 text (a binary file?)");
        }
        if (text.indexOf("\0") >= 0) {
            throw new FormatProblem("contains NUL characters: a binary file, not text");
        }
        if (text.indexOf(keyword) < 0) {
            throw new FormatProblem("no '" + keyword + "' anywhere in the text");
        }
        checkBraces(text);
    }

    private static void checkBraces(CharSequence text) throws FormatProblem {
        int depth = 0;
        int line = 1;
        char quote = 0;
        boolean comment = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                comment = false;
                if (quote != 0) {
                    throw new FormatProblem("unterminated string on line " + (line - 1));
                }
                continue;
            }
            if (comment) {
                continue;
            }
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '#' -> comment = true;
                case '"', '\'' -> quote = c;
                case '{' -> depth++;
                case '}' -> {
                    if (--depth < 0) {
                        throw new FormatProblem("unbalanced '}' on line " + line);
                    }
                }
                default -> { }
            }
        }
        if (quote != 0) {
            throw new FormatProblem("truncated: the text ends inside a string");
        }
        if (depth != 0) {
            throw new FormatProblem("truncated: " + depth + " '{' left open at the end of the text");
        }
    }
}
