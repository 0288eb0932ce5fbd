package dev.lox.worker.internal;

import dev.lox.internal.JarCache;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The application's part of a worker's class path: what makes a worker load classes as the parent
 * loaded the parallel method's class. A worker has one class loader, the system one, so the parent's
 * chain of loaders is laid out on its class path, parents first (the order in which the parent's
 * loaders, delegating to their parents first, find a class):
 *
 * <ul>
 * <li>{@code -Dlox.process.classpath=...} (the platform's path separator between entries), when set,
 *     is the class path, whatever loaded the method: the way out for a loader lox cannot reproduce.
 * <li>The application class loader: {@code java.class.path}, as before.
 * <li>A {@link URLClassLoader} below it (Maven's exec plugin, a plugin host, Spring Boot's launcher,
 *     whose {@code LaunchedClassLoader} is one): its URLs. A {@code file:} URL is used as it is. A
 *     {@code jar:} URL of an entry nested in a jar (Spring Boot's {@code BOOT-INF/lib/*.jar} and
 *     {@code BOOT-INF/classes/}, in the {@code jar:nested:/app.jar/!BOOT-INF/lib/x.jar!/} form of
 *     Boot 3.2+ or the {@code jar:file:/app.jar!/BOOT-INF/lib/x.jar!/} form of earlier versions):
 *     a nested jar is extracted once per content into the owner-only {@link JarCache} (and checked
 *     against the CRC-32 the fat jar records before each use); a nested folder of classes is copied
 *     into this JVM's owner-only queue folder, removed at exit.
 * <li>Any other loader: an {@link IllegalStateException} naming the loader and the setting above.
 * </ul>
 *
 * Not reproduced: a child-first loader's order (a worker finds a class its parent's path also has
 * in the parent's copy), and code a loader makes at run time (generated classes, which cannot be
 * parallel methods' classes anyway).
 */
final class WorkerClassPath {
    static final String SETTING = "lox.process.classpath";

    private final JarCache cache;
    private final Path scratch;
    private final Map<String, Path> copiedFolders = new HashMap<>();

    /**
     * @param cache   where nested jars are extracted
     * @param scratch an owner-only folder of this JVM (removed at exit) for nested folders of classes
     */
    WorkerClassPath(JarCache cache, Path scratch) {
        this.cache = cache;
        this.scratch = scratch;
    }

    /**
     * The class path entries a worker needs for a method whose class {@code loader} loaded (null: the
     * bootstrap loader), in order.
     *
     * @throws IllegalStateException naming the loader and the fix, if lox cannot reproduce it
     * @throws IOException if a nested entry cannot be extracted (the message names it)
     */
    List<String> entries(ClassLoader loader) throws IOException {
        String explicit = System.getProperty(SETTING);
        if (explicit != null && !explicit.isBlank()) {
            return split(explicit);
        }
        List<String> entries = new ArrayList<>(split(System.getProperty("java.class.path", "")));
        List<ClassLoader> below = new ArrayList<>();
        for (ClassLoader l = loader; l != null && !isSystemOrAbove(l); l = l.getParent()) {
            below.add(0, l);
        }
        Set<String> all = new LinkedHashSet<>(entries);
        for (ClassLoader l : below) {
            if (!(l instanceof URLClassLoader urls)) {
                throw cannotReproduce(l, "it is not a URLClassLoader, so lox cannot tell where its classes come from");
            }
            for (URL url : urls.getURLs()) {
                all.add(entry(l, url));
            }
        }
        return List.copyOf(all);
    }

    private static boolean isSystemOrAbove(ClassLoader l) {
        for (ClassLoader s = ClassLoader.getSystemClassLoader(); s != null; s = s.getParent()) {
            if (s == l) {
                return true;
            }
        }
        return false;
    }

    private String entry(ClassLoader loader, URL url) throws IOException {
        try {
            switch (url.getProtocol()) {
                case "file":
                    return Path.of(url.toURI()).toString();
                case "jar":
                    return nested(loader, url);
                default:
                    throw cannotReproduce(loader, "its class path has " + url + ", and a worker reads only files");
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw cannotReproduce(loader, "its class path has " + url + ", which is not a file lox can name (" + e.getMessage() + ")");
        }
    }

    /** A nested jar or folder, as a file or folder a worker can put on its class path. */
    private String nested(ClassLoader loader, URL url) throws IOException, URISyntaxException {
        String spec = url.toString().substring("jar:".length());
        if (spec.endsWith("!/")) {
            spec = spec.substring(0, spec.length() - 2);
        }
        Path outer;
        String name;
        if (spec.startsWith("nested:")) { // Spring Boot 3.2+: nested:<path>/!<entry>
            String location = spec.substring("nested:".length());
            int at = location.lastIndexOf("/!");
            if (at < 0) {
                throw cannotReproduce(loader, "its class path has " + url + ", a nested URL without an entry");
            }
            outer = Path.of(new URI("file:" + location.substring(0, at))); // a raw (percent-encoded) path
            name = location.substring(at + 2);
        } else if (spec.startsWith("file:")) { // jar:file:<path>!/<entry>
            int at = spec.indexOf("!/");
            if (at < 0) {
                return Path.of(new URI(spec)).toString(); // jar:file:/x.jar!/ is the jar itself
            }
            outer = Path.of(new URI(spec.substring(0, at)));
            name = spec.substring(at + 2);
        } else {
            throw cannotReproduce(loader, "its class path has " + url + ", a jar URL of a kind lox does not know");
        }
        if (name.isEmpty()) {
            return outer.toString();
        }
        try (JarFile jar = new JarFile(outer.toFile(), false)) {
            JarEntry entry = jar.getJarEntry(name);
            if (entry != null && !entry.isDirectory() && name.endsWith(".jar")) {
                String file = name.substring(name.lastIndexOf('/') + 1);
                return cache.extract(jar, entry, file.substring(0, file.length() - ".jar".length())).toString();
            }
            return copyFolder(jar, name.endsWith("/") ? name : name + "/").toString();
        }
    }

    /** The entries under {@code prefix} copied into a new folder of {@link #scratch}, once per JVM. */
    private Path copyFolder(JarFile jar, String prefix) throws IOException {
        String key = jar.getName() + "!" + prefix;
        Path done = copiedFolders.get(key);
        if (done != null) {
            return done;
        }
        Files.createDirectories(scratch);
        Path folder = Files.createTempDirectory(scratch, "classes-");
        int copied = 0;
        for (Enumeration<JarEntry> all = jar.entries(); all.hasMoreElements(); ) {
            JarEntry e = all.nextElement();
            if (e.isDirectory() || !e.getName().startsWith(prefix)) {
                continue;
            }
            Path target = folder.resolve(e.getName().substring(prefix.length())).normalize();
            if (!target.startsWith(folder)) {
                continue; // a name with ".." would leave the folder: not a class
            }
            Files.createDirectories(target.getParent());
            try (InputStream in = jar.getInputStream(e)) {
                Files.copy(in, target);
            }
            copied++;
        }
        if (copied == 0) {
            throw new IOException("no entry under " + prefix + " in " + jar.getName() + ", which a class loader's URL names");
        }
        copiedFolders.put(key, folder);
        return folder;
    }

    private static IllegalStateException cannotReproduce(ClassLoader loader, String why) {
        return new IllegalStateException("process mode: lox cannot give worker JVMs the classes of " + describe(loader)
                + ": " + why + ". Give workers their class path with -D" + SETTING + "=<entries separated by '"
                + File.pathSeparator + "'> (lox's own jars are added), or use a thread pool for this method");
    }

    static String describe(ClassLoader loader) {
        String name = loader.getName();
        return "the class loader " + loader.getClass().getName() + (name == null ? "" : " '" + name + "'");
    }

    private static List<String> split(String path) {
        List<String> entries = new ArrayList<>(Arrays.asList(path.split(File.pathSeparator)));
        entries.removeIf(String::isBlank);
        return entries;
    }
}
