package dev.lox.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The method part of a config rule: {@code Class#method} or {@code Class#method(param types)}.
 *
 * <ul>
 *   <li>The class is a binary name ({@code com.example.Outer$Inner}) or, for a nested class, its
 *       name as in Java source ({@code com.example.Outer.Inner}); {@code *} matches any run of
 *       characters, dots included, so {@code com.example.*} covers sub-packages too.
 *   <li>The method is a name; {@code *} matches any run of characters. Constructors and static
 *       initializers are never matched.
 *   <li>Without parentheses every overload matches; with them, exactly the listed parameter types,
 *       written as in Java source: {@code int}, {@code java.util.List}, {@code byte[]},
 *       {@code String...}, {@code java.util.Map.Entry} or {@code java.util.Map$Entry}. A type
 *       without a package is a {@code java.lang} type ({@code String},
 *       {@code Integer}); generics are not written ({@code java.util.List}, not
 *       {@code List<String>}). Parameter types take no wildcards.
 *   <li>Compiler-generated methods (bridges, lambda bodies, accessors) are never matched.
 * </ul>
 *
 * <p>Why {@code Outer.Inner} matches {@code Outer$Inner}: Java source names a nested type with a
 * dot, and a pattern written that way would otherwise match nothing, silently (the class never
 * loads under that name, so not even the unmatched-rule warning could fire). Matching compares
 * names with every {@code $} read as a dot; two classes that differ only there cannot both exist
 * in Java code (a package and a class of one name are a compile error).
 */
public final class MethodPattern {
    private static final Set<String> PRIMITIVES = Set.of(
            "boolean", "byte", "char", "short", "int", "long", "float", "double");

    private final String text;
    private final String classGlob;
    private final String methodGlob;
    private final String nestedClassGlob; // classGlob with '$' read as '.'
    private final String parameterDescriptor; // "(I[Ljava/lang/String;)" with '$' read as '/', or null for any overload

    private MethodPattern(String text, String classGlob, String methodGlob, String parameterDescriptor) {
        this.text = text;
        this.classGlob = classGlob;
        this.methodGlob = methodGlob;
        this.nestedClassGlob = classGlob.replace('$', '.');
        this.parameterDescriptor = parameterDescriptor == null ? null : parameterDescriptor.replace('$', '/');
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException with a message that says what is wrong and how to write it
     */
    public static MethodPattern parse(String text) {
        String pattern = text.trim();
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("the method pattern is empty: write Class#method, as in com.example.Crawler#fetch");
        }
        int open = pattern.indexOf('(');
        String head = open < 0 ? pattern : pattern.substring(0, open);
        int hash = head.indexOf('#');
        if (hash < 0) {
            int dot = head.lastIndexOf('.');
            String fix = dot > 0 && dot < head.length() - 1
                    ? head.substring(0, dot) + "#" + head.substring(dot + 1) + (open < 0 ? "" : pattern.substring(open))
                    : "com.example.Crawler#fetch";
            throw new IllegalArgumentException("missing '#' between class and method in \"" + pattern + "\": write " + fix);
        }
        if (head.indexOf('#', hash + 1) >= 0) {
            throw new IllegalArgumentException("more than one '#' in \"" + pattern + "\": write one, between class and method, as in com.example.Crawler#fetch");
        }
        String classGlob = head.substring(0, hash);
        String methodGlob = head.substring(hash + 1);
        checkName(classGlob, "class", pattern, true);
        checkName(methodGlob, "method", pattern, false);
        String parameters = null;
        if (open >= 0) {
            int close = pattern.indexOf(')', open);
            if (close < 0) {
                throw new IllegalArgumentException("missing ')' in \"" + pattern + "\": close the parameter list, as in "
                        + head + "(java.lang.String)");
            }
            if (close != pattern.length() - 1) {
                throw new IllegalArgumentException("unexpected \"" + pattern.substring(close + 1).trim() + "\" after ')' in \""
                        + pattern + "\": the parameter list ends the pattern");
            }
            parameters = parameterDescriptor(pattern.substring(open + 1, close), pattern);
        }
        return new MethodPattern(pattern, classGlob, methodGlob, parameters);
    }

    private static void checkName(String name, String what, String pattern, boolean dotted) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " name is missing in \"" + pattern + "\": write Class#method, as in com.example.Crawler#fetch");
        }
        if (dotted && (name.startsWith(".") || name.endsWith(".") || name.contains(".."))) {
            throw new IllegalArgumentException("bad class name \"" + name + "\" in \"" + pattern + "\": write a binary name, as in com.example.Crawler or com.example.Outer$Inner");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '*' || Character.isJavaIdentifierPart(c) || (dotted && c == '.')) {
                continue;
            }
            String hint = c == '/' ? ": use '.' between packages, as in com.example.Crawler"
                    : c == '<' ? ": leave out generics and constructors; lox matches methods by name"
                    : Character.isWhitespace(c) ? ": write the pattern without spaces, except between parameter types"
                    : ": use Java names and '*' wildcards";
            throw new IllegalArgumentException("bad character '" + c + "' in the " + what + " name \"" + name + "\" of \"" + pattern + "\"" + hint);
        }
    }

    private static String parameterDescriptor(String list, String pattern) {
        StringBuilder descriptor = new StringBuilder("(");
        if (list.isBlank()) {
            return "()";
        }
        for (String raw : list.split(",", -1)) {
            String type = raw.trim();
            if (type.isEmpty()) {
                throw new IllegalArgumentException("empty parameter type in \"" + pattern + "\": separate types with single commas, as in (int, java.lang.String)");
            }
            descriptor.append(typeDescriptor(type, pattern));
        }
        return descriptor.append(')').toString();
    }

    private static String typeDescriptor(String type, String pattern) {
        String element = type;
        int dimensions = 0;
        if (element.endsWith("...")) {
            element = element.substring(0, element.length() - 3).trim();
            dimensions++;
        }
        while (element.endsWith("[]")) {
            element = element.substring(0, element.length() - 2).trim();
            dimensions++;
        }
        if (element.indexOf('*') >= 0) {
            throw new IllegalArgumentException("wildcard in parameter type \"" + type + "\" of \"" + pattern
                    + "\": parameter types take no wildcards; leave out the parentheses to match every overload");
        }
        if (element.indexOf('<') >= 0) {
            throw new IllegalArgumentException("generic parameter type \"" + type + "\" in \"" + pattern
                    + "\": write the erased type, as in java.util.List");
        }
        boolean valid = !element.isEmpty() && !element.startsWith(".") && !element.endsWith(".") && !element.contains("..")
                && Character.isJavaIdentifierStart(element.charAt(0));
        for (int i = 0; valid && i < element.length(); i++) {
            char c = element.charAt(i);
            valid = c == '.' || Character.isJavaIdentifierPart(c);
        }
        if (!valid) {
            throw new IllegalArgumentException("bad parameter type \"" + type + "\" in \"" + pattern
                    + "\": write a Java type, as in int, java.lang.String or byte[]");
        }
        StringBuilder d = new StringBuilder();
        d.append("[".repeat(dimensions));
        if (PRIMITIVES.contains(element)) {
            d.append(primitiveDescriptor(element));
        } else if (element.equals("void")) {
            throw new IllegalArgumentException("parameter type void in \"" + pattern + "\": write () for a method without parameters");
        } else {
            // A name without a package is a java.lang type (String, Integer, Object), as in Java source.
            String binary = element.indexOf('.') < 0 ? "java.lang." + element : element;
            d.append('L').append(binary.replace('.', '/')).append(';');
        }
        return d.toString();
    }

    private static char primitiveDescriptor(String primitive) {
        switch (primitive) {
            case "boolean": return 'Z';
            case "byte": return 'B';
            case "char": return 'C';
            case "short": return 'S';
            case "int": return 'I';
            case "long": return 'J';
            case "float": return 'F';
            default: return 'D';
        }
    }

    /** Whether this pattern's class part matches a class, by its binary name ({@code com.example.Crawler}). */
    public boolean matchesClass(String binaryName) {
        // replace returns the same string when there is no '$': nothing is allocated for most classes.
        return glob(nestedClassGlob, binaryName.replace('$', '.'));
    }

    /** Whether this pattern's method part matches a method, by its name and JVM descriptor. */
    public boolean matchesMethod(String name, String descriptor) {
        if (!glob(methodGlob, name)) {
            return false;
        }
        return parameterDescriptor == null || descriptor.replace('$', '/').startsWith(parameterDescriptor);
    }

    /** Whether the class part has a wildcard: such a rule is expected to miss most classes it matches. */
    public boolean hasClassWildcard() {
        return classGlob.indexOf('*') >= 0;
    }

    /**
     * Whether the pattern has a wildcard in its class or method part: such a rule may match thousands
     * of methods, and the agent sums up what it did with them in one line rather than one per method.
     */
    public boolean isWide() {
        return hasClassWildcard() || methodGlob.indexOf('*') >= 0 || methodGlob.indexOf('?') >= 0;
    }

    /** The method name part, as written (for close-match suggestions). */
    public String methodGlob() {
        return methodGlob;
    }

    /** The class part, as written. */
    public String classGlob() {
        return classGlob;
    }

    /** Whether the pattern lists parameter types. */
    public boolean hasParameterList() {
        return parameterDescriptor != null;
    }

    /** {@code *} matches any run of characters; everything else matches itself. */
    static boolean glob(String glob, String text) {
        if (glob.indexOf('*') < 0) {
            return glob.equals(text);
        }
        int g = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                resume = t;
            } else if (g < glob.length() && glob.charAt(g) == text.charAt(t)) {
                g++;
                t++;
            } else if (star >= 0) {
                g = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    /** The names in {@code candidates} close to this pattern's method name, for a rule that matched nothing. */
    public List<String> closeNames(List<String> candidates) {
        List<String> close = new ArrayList<>();
        String wanted = methodGlob.replace("*", "").toLowerCase();
        for (String candidate : candidates) {
            String c = candidate.toLowerCase();
            boolean similar = glob(methodGlob, candidate)
                    || (!wanted.isEmpty() && (c.contains(wanted) || wanted.contains(c)))
                    || distance(wanted, c) <= Math.max(1, wanted.length() / 3);
            if (similar && !close.contains(candidate)) {
                close.add(candidate);
            }
        }
        return Collections.unmodifiableList(close);
    }

    /** Edit distance counting a swap of neighbours as one edit: "fecth" is one from "fetch". */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    @Override
    public String toString() {
        return text;
    }
}
