package dev.lox.agent.check;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The class files of a class path, read into memory: internal name ({@code com/example/Crawler})
 * to bytes, in class-path order; the first of two classes of one name wins, as it would in a class
 * loader. Nothing here is loaded or run: {@code check} only reads class files.
 */
final class ClassFiles {
    private final Map<String, byte[]> bytes = new LinkedHashMap<>();
    private final Map<String, String> where = new LinkedHashMap<>();

    /** Adds a class unless one of its name is already there (the earlier class path entry wins). */
    void add(String internalName, byte[] classFile, String source) {
        if (bytes.putIfAbsent(internalName, classFile) == null) {
            where.put(internalName, source);
        }
    }

    /** The class file of {@code internalName}, or null when the class path has no such class. */
    byte[] bytes(String internalName) {
        return bytes.get(internalName);
    }

    /** The class path entry a class came from, as the user named it (and the jar inside, for a fat jar). */
    String source(String internalName) {
        return where.get(internalName);
    }

    /** Every class's internal name, in class-path order. */
    Collection<String> names() {
        return Collections.unmodifiableCollection(bytes.keySet());
    }

    int size() {
        return bytes.size();
    }
}
