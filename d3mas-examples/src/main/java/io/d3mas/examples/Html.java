package io.d3mas.examples;

/** Escaping for the HTML pages the examples write (evaluation report, trace viewer). */
public final class Html {

    private Html() {}

    /** Text made safe for element content and quoted attribute values: {@code & < > " '} become entities. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * JSON made safe inside a {@code <script type="application/json">} element: {@code < > &} and the line
     * separators U+2028/U+2029 become JSON unicode escapes (a backslash, u and four hex digits), which JSON reads
     * back as the same characters, so no content can close the element.
     */
    public static String scriptJson(String json) {
        return json.replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026")
                .replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
    }
}
