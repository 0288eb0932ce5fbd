package dev.lox.agent.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command: its usage, its exit codes, and config errors printed as the agent prints them. */
class CheckTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Check.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A folder holding one fixture class file. */
    private Path classes(Class<?> fixture) throws IOException {
        String internal = fixture.getName().replace('.', '/');
        Path file = dir.resolve("classes").resolve(internal + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, Fixtures.bytes(internal));
        return dir.resolve("classes");
    }

    private Path config(String text) throws IOException {
        return Files.writeString(dir.resolve("lox.conf"), text);
    }

    @Test
    void badUsageGivesTheUsageLineAndExitCode2() {
        assertEquals(2, run("lox.conf"));
        assertEquals("lox: check needs a class path after the config file lox.conf: the application's jars, folders of class"
                + " files, or its Spring Boot fat jar\n" + dev.lox.agent.Main.USAGE + "\n", err().replace(System.lineSeparator(), "\n"));
        assertEquals(2, run("--xml", "lox.conf", "app.jar"));
        assertTrue(err().contains("lox: unknown option \"--xml\"; the one option is --json"), err());
    }

    @Test
    void aBrokenConfigFileGivesItsErrorsAsTheAgentPrintsThemAndExitCode2() throws IOException {
        Path config = config("thred(8) example.check.Plain#run\nthread example.check.Plain\n");
        assertEquals(2, run(config.toString(), classes(example.check.Plain.class).toString()));
        assertEquals(config + ":1: unknown kind \"thred(8)\": write thread, thread(N), virtual, virtual(N), process, process(N), cluster, cluster(N), gather or carry\n"
                + config + ":2: missing '#' between class and method in \"example.check.Plain\": write example.check#Plain\n"
                + "lox: 2 errors in the agent's configuration; fix them and start again (exit code 2)\n",
                err().replace(System.lineSeparator(), "\n"));
        assertEquals("", out());
    }

    @Test
    void aMissingClassPathEntryIsExitCode2() throws IOException {
        assertEquals(2, run(config("thread example.check.Plain#run\n").toString(), dir.resolve("missing").toString()));
        assertTrue(err().startsWith("lox: class path entry \"" + dir.resolve("missing") + "\": no such file or folder"), err());
    }

    @Test
    void aCleanConfigExitsWith0AndAProblemWith1() throws IOException {
        Path classes = classes(example.check.Plain.class);
        Path clean = config("thread(2) example.check.Plain#run\ngather example.check.Plain#runAll\n");
        assertEquals(0, run(clean.toString(), classes.toString()), err());
        assertTrue(out().contains(clean + ":2: gather region Plain.runAll(int): call of Plain.run(int) at"
                + " example.check.Plain.runAll(Plain.java:"), out());
        assertTrue(err().endsWith("lox: checked 2 rules against 1 classes: nothing to fix (exit code 0)" + System.lineSeparator()), err());

        out.reset();
        Path typo = config("thread(2) example.check.Plain#runn\n");
        assertEquals(1, run(typo.toString(), classes.toString()));
        assertEquals(typo + ":1: example.check.Plain#runn matches no method of example.check.Plain; close: run(int)\n",
                out().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void jsonGivesEveryFindingWithItsFacts() throws IOException {
        Path classes = classes(example.check.Plain.class);
        Path config = config("thread(2) example.check.Plain#run\n");
        assertEquals(1, run("--json", config.toString(), classes.toString()));
        String json = out();
        assertTrue(json.startsWith("{\n  \"config\": \"" + config + "\",\n  \"classPath\": [\"" + classes + "\"],\n  \"classes\": 1,\n"
                + "  \"problems\": 1,\n  \"findings\": [\n"), json);
        assertTrue(json.contains("{\"origin\": \"" + config + ":1\", \"kind\": \"uncalled\", \"problem\": true, \"message\": "
                + "\"thread(2) example.check.Plain.run(int): no gather region calls it,"), json);
        assertTrue(json.contains("\"method\": \"example.check.Plain.run(int)\"}"), json);
    }
}
