package dev.lox.agent.check;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code check}'s findings: one a line, {@code origin: message}, or as one JSON document
 * ({@code --json}) for CI. The one place {@code check}'s output is worded and formatted.
 */
final class Report {
    private Report() {
    }

    static void text(Findings findings, PrintStream out) {
        for (Finding f : findings.all()) {
            out.println(f.line());
        }
    }

    /**
     * <pre>
     * {"config": "lox.conf", "classPath": ["app.jar"], "classes": 12, "problems": 1,
     *  "findings": [{"origin": "lox.conf:2", "kind": "returns-value", "problem": true, "message": "...", ...facts}]}
     * </pre>
     */
    static void json(Findings findings, String config, List<String> classPath, int classes, PrintStream out) {
        StringBuilder json = new StringBuilder(4096);
        json.append("{\n  \"config\": ");
        value(json, config);
        json.append(",\n  \"classPath\": ");
        value(json, classPath);
        json.append(",\n  \"classes\": ").append(classes);
        json.append(",\n  \"problems\": ").append(findings.problems());
        json.append(",\n  \"findings\": [");
        String separator = "\n    ";
        for (Finding f : findings.all()) {
            json.append(separator);
            separator = ",\n    ";
            json.append("{\"origin\": ");
            value(json, f.origin());
            json.append(", \"kind\": ");
            value(json, f.kind().json);
            json.append(", \"problem\": ").append(f.problem());
            json.append(", \"message\": ");
            value(json, f.message());
            for (Map.Entry<String, Object> fact : f.facts().entrySet()) {
                json.append(", ");
                value(json, fact.getKey());
                json.append(": ");
                value(json, fact.getValue());
            }
            json.append('}');
        }
        json.append(findings.all().isEmpty() ? "]\n}" : "\n  ]\n}");
        out.println(json);
    }

    private static void value(StringBuilder json, Object value) {
        if (value == null) {
            json.append("null");
        } else if (value instanceof Boolean || value instanceof Number) {
            json.append(value);
        } else if (value instanceof List) {
            json.append('[');
            String separator = "";
            for (Object element : (List<?>) value) {
                json.append(separator);
                separator = ", ";
                value(json, element);
            }
            json.append(']');
        } else {
            string(json, value.toString());
        }
    }

    private static void string(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': json.append("\\\""); break;
                case '\\': json.append("\\\\"); break;
                case '\n': json.append("\\n"); break;
                case '\r': json.append("\\r"); break;
                case '\t': json.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
            }
        }
        json.append('"');
    }
}
