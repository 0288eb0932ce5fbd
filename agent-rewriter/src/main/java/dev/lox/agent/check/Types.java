package dev.lox.agent.check;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The types {@code check} can see: the checked class path's, read from their class files, and the
 * JDK's, read as class files from the running JDK (never loaded by name, so no static initializer of
 * any class runs). Answers subtype questions over both.
 */
final class Types {
    private static final TypeInfo MISSING = null;

    private final ClassFiles classFiles;
    private final Map<String, TypeInfo> known = new HashMap<>();
    private final Map<String, Boolean> subtypeAnswers = new HashMap<>();
    private Map<String, List<String>> subtypes;

    Types(ClassFiles classFiles) {
        this.classFiles = classFiles;
    }

    /** The class path's classes, in class-path order. */
    Iterable<String> classPathNames() {
        return classFiles.names();
    }

    ClassFiles classFiles() {
        return classFiles;
    }

    /** The type of this internal name, or null when neither the class path nor the JDK has it. */
    TypeInfo type(String internalName) {
        if (known.containsKey(internalName)) {
            return known.get(internalName);
        }
        TypeInfo info = MISSING;
        byte[] bytes = classFiles.bytes(internalName);
        if (bytes != null) {
            info = TypeInfo.read(bytes, true);
        } else {
            byte[] jdk = jdkClassFile(internalName);
            if (jdk != null) {
                info = TypeInfo.read(jdk, false);
            }
        }
        known.put(internalName, info);
        return info;
    }

    private static byte[] jdkClassFile(String internalName) {
        // The platform loader finds the JDK's class files (java.base through the boot loader) and
        // nothing of the class path lox itself runs on: check's own copy of lox-api is not the app's.
        try (InputStream in = ClassLoader.getPlatformClassLoader().getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether {@code type} is {@code root} or extends or implements it, as far as the visible types tell. */
    boolean isSubtype(String type, String root) {
        if (type.equals(root)) {
            return true;
        }
        String question = type + ' ' + root;
        Boolean answer = subtypeAnswers.get(question);
        if (answer == null) {
            answer = false;
            TypeInfo info = type(type);
            if (info != null) {
                if (info.superName != null && isSubtype(info.superName, root)) {
                    answer = true;
                } else {
                    for (String i : info.interfaces) {
                        if (isSubtype(i, root)) {
                            answer = true;
                            break;
                        }
                    }
                }
            }
            subtypeAnswers.put(question, answer);
        }
        return answer;
    }

    /** The class path's classes that directly extend or implement {@code internalName}. */
    List<String> directSubtypes(String internalName) {
        if (subtypes == null) {
            subtypes = new HashMap<>();
            for (String name : classFiles.names()) {
                TypeInfo info = type(name);
                if (info.superName != null) {
                    subtypes.computeIfAbsent(info.superName, k -> new ArrayList<>()).add(name);
                }
                for (String i : info.interfaces) {
                    subtypes.computeIfAbsent(i, k -> new ArrayList<>()).add(name);
                }
            }
        }
        return subtypes.getOrDefault(internalName, List.of());
    }
}
