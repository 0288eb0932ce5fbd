package dev.lox.agent.check;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Reads the class files of a class path: folders, jars, and Spring Boot fat jars, whose
 * application classes sit under {@code BOOT-INF/classes/} and whose libraries are jars under
 * {@code BOOT-INF/lib/} (a war's {@code WEB-INF/classes/} and {@code WEB-INF/lib/} likewise). A
 * library inside a fat jar is read as a stream from the fat jar's entry: nothing is extracted to disk.
 *
 * <p>A fat jar's own top-level classes are Spring Boot's launcher, not the application, and are
 * left out. Multi-release variants ({@code META-INF/versions/}) and {@code module-info} are skipped:
 * the base classes are what lox rewrites.
 */
final class ClassPathReader {
    private static final String[][] FAT_JAR_LAYOUTS = {
        {"BOOT-INF/classes/", "BOOT-INF/lib/"},
        {"WEB-INF/classes/", "WEB-INF/lib/"},
    };

    private ClassPathReader() {
    }

    /**
     * Reads every entry; an argument may itself be a list of entries joined by the path separator,
     * and {@code folder/*} stands for the jars in {@code folder}, as with {@code java -cp}.
     *
     * @throws IllegalArgumentException naming the entry, if it does not exist or is neither a folder nor a jar
     * @throws IOException naming the entry, if it cannot be read
     */
    static ClassFiles read(List<String> arguments) throws IOException {
        ClassFiles classes = new ClassFiles();
        for (String argument : arguments) {
            for (String entry : argument.split(File.pathSeparator, -1)) {
                if (entry.isEmpty()) {
                    continue;
                }
                if (entry.endsWith("/*") || entry.equals("*")) {
                    for (Path jar : jarsIn(entry)) {
                        readEntry(jar, jar.toString(), classes);
                    }
                } else {
                    readEntry(Path.of(entry), entry, classes);
                }
            }
        }
        return classes;
    }

    private static List<Path> jarsIn(String wildcard) throws IOException {
        Path folder = Path.of(wildcard.length() == 1 ? "." : wildcard.substring(0, wildcard.length() - 2));
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("class path entry \"" + wildcard + "\": no such folder " + folder.toAbsolutePath()
                    + "; fix the path");
        }
        TreeSet<Path> jars = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.{jar,JAR}")) {
            files.forEach(jars::add);
        }
        return new ArrayList<>(jars);
    }

    private static void readEntry(Path path, String name, ClassFiles classes) throws IOException {
        if (Files.isDirectory(path)) {
            readFolder(path, name, classes);
        } else if (Files.isRegularFile(path)) {
            try (ZipFile jar = new ZipFile(path.toFile())) {
                readJar(jar, name, classes);
            } catch (java.util.zip.ZipException e) {
                throw new IllegalArgumentException("class path entry \"" + name + "\" is not a jar (" + e.getMessage()
                        + "): give folders of class files, jars, or a Spring Boot fat jar");
            }
        } else {
            throw new IllegalArgumentException("class path entry \"" + name + "\": no such file or folder ("
                    + path.toAbsolutePath() + "); fix the path");
        }
    }

    private static void readFolder(Path root, String name, ClassFiles classes) throws IOException {
        // Sorted, so that the first of two equal names (impossible in one folder) and the output are stable.
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.getFileName().toString().endsWith(".class")) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        for (Path file : files) {
            String relative = root.relativize(file).toString().replace(File.separatorChar, '/');
            String internal = internalName(relative);
            if (internal != null) {
                classes.add(internal, Files.readAllBytes(file), name);
            }
        }
    }

    private static void readJar(ZipFile jar, String name, ClassFiles classes) throws IOException {
        String[] layout = fatJarLayout(jar);
        if (layout == null) {
            for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                String internal = entry.isDirectory() ? null : internalName(entry.getName());
                if (internal != null) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        classes.add(internal, in.readAllBytes(), name);
                    }
                }
            }
            return;
        }
        String classesPrefix = layout[0];
        String libPrefix = layout[1];
        List<ZipEntry> libraries = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
            ZipEntry entry = e.nextElement();
            String entryName = entry.getName();
            if (entry.isDirectory()) {
                continue;
            }
            if (entryName.startsWith(classesPrefix)) {
                String internal = internalName(entryName.substring(classesPrefix.length()));
                if (internal != null) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        classes.add(internal, in.readAllBytes(), name);
                    }
                }
            } else if (entryName.startsWith(libPrefix) && entryName.endsWith(".jar")) {
                libraries.add(entry);
            }
        }
        // The application's classes first, then its libraries, as the fat jar's launcher orders them.
        for (ZipEntry library : libraries) {
            String source = name + "!/" + library.getName();
            try (InputStream in = jar.getInputStream(library); ZipInputStream nested = new ZipInputStream(in)) {
                for (ZipEntry entry; (entry = nested.getNextEntry()) != null; ) {
                    String internal = entry.isDirectory() ? null : internalName(entry.getName());
                    if (internal != null) {
                        classes.add(internal, nested.readAllBytes(), source);
                    }
                }
            }
        }
    }

    /** The fat jar's {classes, lib} prefixes, or null for a plain jar. */
    private static String[] fatJarLayout(ZipFile jar) {
        for (String[] layout : FAT_JAR_LAYOUTS) {
            for (String prefix : layout) {
                if (jar.getEntry(prefix) != null) {
                    return layout;
                }
            }
        }
        // A fat jar written without folder entries: look for one file under either prefix.
        for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
            String entryName = e.nextElement().getName();
            for (String[] layout : FAT_JAR_LAYOUTS) {
                if (entryName.startsWith(layout[0]) || entryName.startsWith(layout[1])) {
                    return layout;
                }
            }
        }
        return null;
    }

    /** {@code com/example/Crawler.class} to {@code com/example/Crawler}; null for what is not a class lox rewrites. */
    static String internalName(String path) {
        if (!path.endsWith(".class") || path.startsWith("META-INF/")) {
            return null;
        }
        String internal = path.substring(0, path.length() - ".class".length());
        if (internal.endsWith("module-info") || internal.endsWith("package-info")) {
            return null;
        }
        return internal;
    }
}
