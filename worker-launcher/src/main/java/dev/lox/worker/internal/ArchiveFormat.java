package dev.lox.worker.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * The two kinds of class-data archive a worker JVM can start from, and the flags that make and use
 * each ({@link WorkerArchive} decides when).
 *
 * <ul>
 * <li>{@link #DYNAMIC_CDS}, Java 13+: AppCDS's dynamic archive, written at the training's exit
 *     ({@code -XX:ArchiveClassesAtExit}): the classes, loaded, parsed and verified.
 * <li>{@link #AOT_CACHE}, Java 25+: the AOT cache (JEP 483, made in one step with
 *     {@code -XX:AOTCacheOutput}, JEP 514), which also holds the classes linked and initialized
 *     where safe, and the method profiles of the training (JEP 515), so a worker's JIT compiles the
 *     call path (Kryo, Chronicle, the call protocol) from its first calls instead of after
 *     thousands of interpreted ones. At the training's exit the JVM starts a second JVM that
 *     assembles the cache from the training's configuration file.
 * </ul>
 *
 * <p>Both are used with the JVM's default, {@code auto}: a JVM that cannot map the file (another JDK,
 * a jar changed since, a damaged file) starts without it. Its log lines about that are turned off,
 * because they would go to the worker's stdout, which is the user's.
 */
enum ArchiveFormat {
    DYNAMIC_CDS("jsa") {
        @Override
        List<String> trainingFlags(Path output, Path scratch) {
            return List.of("-XX:ArchiveClassesAtExit=" + output);
        }

        @Override
        List<String> workerFlags(Path archive) {
            return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        }
    },
    AOT_CACHE("aot") {
        @Override
        List<String> trainingFlags(Path output, Path scratch) {
            // the configuration file goes in the training's scratch folder, removed with it
            return List.of("-XX:AOTCacheOutput=" + output, "-XX:AOTConfiguration=" + scratch.resolve("training.aotconf"));
        }

        @Override
        List<String> workerFlags(Path archive) {
            return List.of("-XX:AOTCache=" + archive, "-Xlog:aot*=off", "-Xlog:cds*=off");
        }
    };

    /** The first Java feature release whose JVM makes an AOT cache in one step. */
    static final int AOT_SINCE = 25;

    /** The file name's extension. */
    final String extension;

    ArchiveFormat(String extension) {
        this.extension = extension;
    }

    /** What the training JVM gets, before its class path, to write the archive to {@code output}. */
    abstract List<String> trainingFlags(Path output, Path scratch);

    /** What a worker gets, before its class path, to start from {@code archive}. */
    abstract List<String> workerFlags(Path archive);

    /**
     * The format of {@code -Dlox.process.classDataArchive} ({@code setting}, null when not set) on a
     * JVM of feature release {@code feature}; null for none ({@code false}).
     *
     * @throws IllegalArgumentException for a value other than true, false, aot or cds
     */
    static ArchiveFormat of(String setting, int feature) {
        String value = setting == null ? "true" : setting.trim().toLowerCase(java.util.Locale.ROOT);
        switch (value) {
            case "false":
                return null;
            case "true":
            case "aot":
                // aot on a JVM before 25 falls back: the one archive that JVM can make
                return feature >= AOT_SINCE ? AOT_CACHE : DYNAMIC_CDS;
            case "cds":
                return DYNAMIC_CDS;
            default:
                throw new IllegalArgumentException("-D" + WorkerArchive.SETTING + " must be true (the AOT cache on Java "
                        + AOT_SINCE + "+, else the AppCDS archive), aot, cds or false (none), was '" + setting + "'");
        }
    }
}
