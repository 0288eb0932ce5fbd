package dev.lox.worker.internal;

/** Kryo's failures, which carry a multi-line "Serialization trace", told in one line. */
final class KryoTrace {
    private KryoTrace() {
    }

    /**
     * A Kryo failure in one line: what failed, then where, as a field path from {@code root}, the
     * value being written or read ({@code at Doc.root.children, a Children}), from Kryo's
     * serialization trace, which lists the fields innermost first, each with its value's type.
     */
    static String oneLine(Throwable e, Object root) {
        String message = String.valueOf(e.getMessage());
        int traceAt = message.indexOf("Serialization trace:");
        String what = (traceAt < 0 ? message : message.substring(0, traceAt)).trim();
        int newline = what.indexOf('\n');
        if (newline >= 0) {
            what = what.substring(0, newline).trim();
        }
        if (what.isEmpty() || what.equals("null")) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            what = cause.toString();
        }
        if (traceAt < 0) {
            return what;
        }
        StringBuilder path = new StringBuilder(root == null ? "" : root.getClass().getSimpleName());
        String innermostType = null;
        for (String line : message.substring(traceAt + "Serialization trace:".length()).split("\n")) {
            line = line.trim();
            int paren = line.indexOf(" (");
            if (line.isEmpty() || paren < 0 || !line.endsWith(")")) {
                continue;
            }
            if (innermostType == null) {
                innermostType = line.substring(paren + 2, line.length() - 1);
            }
            path.insert(path.indexOf(".") < 0 ? path.length() : path.indexOf("."), "." + line.substring(0, paren));
        }
        return innermostType == null ? what : what + " (at " + path + ", a " + innermostType + ")";
    }
}
