package dev.lox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar lox-agent.jar check CONFIG CLASSPATH...} on real jars: an application written for
 * the purpose (a clean region, a region with a hazard, a value-returning parallel method, one no
 * region calls, a process method whose argument cannot travel), and the same application as a
 * Spring Boot fat jar carrying Guava from Maven Central in {@code BOOT-INF/lib}.
 */
class CheckIT {
    /** Knows nothing of lox. Its static initializer stops any JVM that loads it: check must only read it. */
    private static final String ORDERS = """
            package example.shop;

            import java.util.ArrayList;
            import java.util.List;

            public class Orders {
                static {
                    Runtime.getRuntime().halt(42);
                }

                final List<String> shipped = new ArrayList<>();

                public void ship(String order) {
                    shipped.add(order);
                }

                public String price(String order) {
                    return order + ":9.99";
                }

                public void audit(String order) {
                }

                public void shipAll(List<String> orders) {
                    for (String order : orders) {
                        ship(order);
                    }
                }

                public int shipCounting(List<String> orders) {
                    int failed = 0;
                    for (String order : orders) {
                        try {
                            ship(order);
                        } catch (RuntimeException e) {
                            failed++;
                        }
                    }
                    return failed;
                }
            }
            """;

    private static final String LABELS = """
            package example.shop;

            import java.io.PrintStream;

            public class Labels {
                public static class Printer {
                    String name = "lp0";
                    Tray tray = new Tray();
                }

                public static class Tray {
                    PrintStream out = System.out;
                }

                public static void print(Printer printer, String label) {
                    printer.tray.out.println(label);
                }
            }
            """;

    /** Annotated, compiled against lox-api: annotations count as rules do. */
    private static final String RENDER = """
            package example.shop;

            import dev.lox.Lox;

            public class Render {
                public static class Job {
                    Thread owner = Thread.currentThread();
                }

                @Lox.Process(2)
                public static void render(Job job) {
                }
            }
            """;

    private static final String CONFIG = """
            thread(4)   example.shop.Orders#ship
            thread(2)   example.shop.Orders#price
            thread(2)   example.shop.Orders#audit
            gather      example.shop.Orders#shipAll
            gather      example.shop.Orders#shipCounting
            process(2)  example.shop.Labels#print
            """;

    private static final Path GUAVA = Paths.get(System.getProperty("lox.check.guava.jar",
            "target/check-libs/guava-33.8.0-jre.jar")).toAbsolutePath();

    @TempDir
    static Path dir;
    private static Path appJar;
    private static Path config;

    @BeforeAll
    static void buildTheApp() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        compile(classes, classes.toString(), "Orders", ORDERS, "Labels", LABELS);
        compile(classes, classes + java.io.File.pathSeparator + System.getProperty("java.class.path"), "Render", RENDER);
        appJar = jar(dir.resolve("shop.jar"), classes, "");
        config = Files.writeString(dir.resolve("lox.conf"), CONFIG);
    }

    private static void compile(Path classes, String classPath, String... namesAndSources) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("--release", "17", "-classpath", classPath, "-d", classes.toString()));
        for (int i = 0; i < namesAndSources.length; i += 2) {
            Path source = dir.resolve("src/example/shop/" + namesAndSources[i] + ".java");
            Files.createDirectories(source.getParent());
            Files.writeString(source, namesAndSources[i + 1]);
            args.add(source.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int status = javac.run(null, messages, messages, args.toArray(new String[0]));
        assertEquals(0, status, () -> "the shop does not compile:\n" + messages.toString(StandardCharsets.UTF_8));
    }

    /** A jar of the folder's files, each under {@code prefix}; extra entries stored as they are (a fat jar's libraries). */
    private static Path jar(Path jar, Path folder, String prefix, Path... stored) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file);
                Stream<Path> files = Files.walk(folder)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                zip.putNextEntry(new ZipEntry(prefix + folder.relativize(f).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(f));
                zip.closeEntry();
            }
            for (Path library : stored) {
                byte[] bytes = Files.readAllBytes(library);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                ZipEntry entry = new ZipEntry("BOOT-INF/lib/" + library.getFileName());
                entry.setMethod(ZipEntry.STORED); // as Spring Boot stores them
                entry.setSize(bytes.length);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        return jar;
    }

    private static Jvm.Result check(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "check";
        System.arraycopy(args, 0, command, 1, args.length);
        return Jvm.java().jar(Jvm.AGENT_JAR, command).timeoutSeconds(120).run();
    }

    private static List<String> lines(Jvm.Result run) {
        return run.stdout().lines().toList();
    }

    private static String line(Jvm.Result run, String start, String contains) {
        return lines(run).stream().filter(l -> l.startsWith(start) && l.contains(contains)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting " + start + " with \"" + contains + "\" in\n" + run));
    }

    @Test
    void findsEachKindOfProblemInAnAppJarAndExits1() throws Exception {
        Jvm.Result run = check(config.toString(), appJar.toString());
        assertEquals(1, run.exitCode(), run::toString); // not 42: no class of the app was loaded
        String c = config.toString();
        assertEquals(c + ":1: thread(4) example.shop.Orders#ship matches example.shop.Orders.ship(String)",
                line(run, c + ":1:", "matches"));
        assertEquals(c + ":2: Orders.price(String) returns a value, so a plain call runs it synchronously; scatter it with"
                + " Lox.of(orders::price)", line(run, c + ":2:", "returns a value"));
        assertTrue(line(run, c + ":3:", "no gather region").endsWith("thread(2) example.shop.Orders.audit(String): no gather region calls it,"
                + " so every plain call of it runs synchronously; add a gather rule for the method that loops over it, or scatter"
                + " it with Lox.of(orders::audit)"), run::toString);
        assertTrue(line(run, c + ":4:", "gather region").matches(".*: gather region Orders\\.shipAll\\(List\\): call of"
                + " Orders\\.ship\\(String\\) at example\\.shop\\.Orders\\.shipAll\\(Orders\\.java:\\d+\\): scatters"), run::toString);
        assertTrue(line(run, c + ":5:", "gather region").contains(": call of Orders.ship(String) at"
                + " example.shop.Orders.shipCounting(Orders.java:"), run::toString);
        assertTrue(line(run, c + ":5:", "gather region").contains(": runs synchronously: try-catch"), run::toString);
        assertEquals(c + ":6: process(2) example.shop.Labels.print(Printer, String): argument 0 (Printer): field"
                + " Printer.tray -> Tray.out holds java.io.PrintStream, a stream of this JVM, which cannot travel to a worker JVM:"
                + " pass what it is built from, or mark the field transient", line(run, c + ":6:", "cannot travel"));
        // the annotated class counts as a rule does, its origin the method's source line
        assertTrue(line(run, "example/shop/Render.java:", "Job.owner").contains("@Lox.Process(2) example.shop.Render.render(Job):"
                + " argument 0 (Job): field Job.owner holds java.lang.Thread, a thread of this JVM"), run::toString);
        assertTrue(run.stderr().contains("lox: checked 6 rules against 6 classes: "), run::toString);
    }

    @Test
    void aCleanConfigExits0() throws Exception {
        Path clean = Files.writeString(dir.resolve("clean.conf"), "thread(4) example.shop.Orders#ship\ngather example.shop.Orders#shipAll\n");
        Path classes = dir.resolve("orders-only");
        Files.createDirectories(classes.resolve("example/shop"));
        Files.copy(dir.resolve("classes/example/shop/Orders.class"), classes.resolve("example/shop/Orders.class"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Jvm.Result run = check(clean.toString(), classes.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stderr().endsWith("nothing to fix (exit code 0)\n"), run::toString);
    }

    @Test
    void jsonGivesTheFindingsWithTheirFactsForCi() throws Exception {
        Jvm.Result run = check("--json", config.toString(), appJar.toString());
        assertEquals(1, run.exitCode(), run::toString);
        String json = run.stdout();
        assertTrue(json.startsWith("{\n  \"config\": \"" + config + "\",\n  \"classPath\": [\"" + appJar + "\"],\n  \"classes\": 6,\n"),
                json);
        assertTrue(json.matches("(?s).*\"problems\": \\d+,.*"), json);
        assertTrue(json.contains("\"kind\": \"call-site\", \"problem\": true,"), json);
        assertTrue(json.matches("(?s).*\"caller\": \"example\\.shop\\.Orders\\.shipCounting\\(List\\)\", \"line\": \\d+,"
                + " \"callee\": \"example\\.shop\\.Orders\\.ship\\(String\\)\", \"calleeKind\": \"parallel\", \"scatters\": false,"
                + " \"hazards\": \\[\"try-catch\"[^]]*\\].*"), json);
        assertTrue(json.contains("\"kind\": \"cannot-travel\", \"problem\": true,"), json);
        assertTrue(json.contains("\"path\": [\"Printer.tray\", \"Tray.out\"], \"type\": \"java.io.PrintStream\""), json);
        assertTrue(json.trim().endsWith("}\n  ]\n}"), json);
    }

    @Test
    void readsASpringBootFatJarsClassesAndTheJarsInItsLib() throws Exception {
        Path fat = jar(dir.resolve("shop-boot.jar"), dir.resolve("classes"), "BOOT-INF/classes/", GUAVA);
        Path guavaConfig = Files.writeString(dir.resolve("boot.conf"), """
                thread(4)   example.shop.Orders#ship
                gather      example.shop.Orders#shipAll
                thread      com.google.common.base.Strings#repaet
                process(2)  com.google.common.collect.Lists#newArrayList(Iterable)
                """);
        Jvm.Result run = check(guavaConfig.toString(), fat.toString());
        assertEquals(1, run.exitCode(), run::toString);
        String c = guavaConfig.toString();
        assertTrue(line(run, c + ":2:", "gather region").endsWith(": scatters"), run::toString);
        assertEquals(c + ":3: com.google.common.base.Strings#repaet matches no method of com.google.common.base.Strings;"
                + " close: repeat(String, int)", line(run, c + ":3:", "matches no method"));
        assertEquals(c + ":4: process(2) com.google.common.collect.Lists#newArrayList(Iterable) matches"
                + " com.google.common.collect.Lists.newArrayList(Iterable)", line(run, c + ":4:", " matches "));
        int classes = Integer.parseInt(run.stderr().replaceAll("(?s).* against (\\d+) classes.*", "$1").trim());
        assertTrue(classes > 1900, run::toString); // the shop's 6 and Guava's
    }

    @Test
    void badUsageAndABrokenConfigExit2() throws Exception {
        Jvm.Result usage = check(config.toString());
        assertEquals(2, usage.exitCode(), usage::toString);
        assertTrue(usage.stderr().endsWith("usage: java -jar lox-agent.jar check [--json] CONFIG CLASSPATH...\n"), usage::toString);

        Path broken = Files.writeString(dir.resolve("broken.conf"), "thread(4) example.shop.Orders#ship\nthred(2) example.shop.Orders#price\n");
        Jvm.Result run = check(broken.toString(), appJar.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(broken + ":2: unknown kind \"thred(2)\": write thread, thread(N), virtual, virtual(N), process, process(N), cluster, cluster(N), gather or carry\n"
                + "lox: 1 error in the agent's configuration; fix it and start again (exit code 2)\n", run.stderr());
        assertEquals("", run.stdout());

        Jvm.Result noCommand = Jvm.java().jar(Jvm.AGENT_JAR).run();
        assertEquals(2, noCommand.exitCode(), noCommand::toString);
        assertTrue(noCommand.stderr().startsWith("lox: no command; the commands are check and member\n"), noCommand::toString);
    }
}
