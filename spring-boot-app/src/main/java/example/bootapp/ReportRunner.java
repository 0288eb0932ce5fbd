package example.bootapp;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Computes the report: a digest per block and a prime count per block. The report depends only on
 * the blocks, so it is the same with and without lox; it goes to stdout and, with
 * {@code --report=FILE}, to that file. Where the work ran (which JVMs, which threads), which lox
 * changes, goes to stderr.
 */
@Component
public class ReportRunner implements ApplicationRunner {
    @Override
    public void run(ApplicationArguments args) throws Exception {
        int blocks = args.getNonOptionArgs().isEmpty() ? 8 : Integer.parseInt(args.getNonOptionArgs().get(0));
        StringBuilder report = new StringBuilder();
        Set<String> digestedBy = new TreeSet<>();
        for (Digest d : Batch.digestAll(blocks)) {
            report.append(String.format("digest %02d %016x%n", d.block(), d.value()));
            digestedBy.add(d.pid() == ProcessHandle.current().pid() ? "this JVM" : "pid " + d.pid());
        }
        Set<String> countedBy = new TreeSet<>();
        List<String> counts = Batch.countAll(blocks);
        for (int block = 0; block < counts.size(); block++) {
            String[] parts = counts.get(block).split(" ", 2);
            report.append(String.format("primes %02d %s%n", block, parts[0]));
            countedBy.add(parts[1]);
        }
        System.out.print(report);
        System.out.flush();
        if (args.containsOption("report")) {
            Files.writeString(Path.of(args.getOptionValues("report").get(0)), report, StandardCharsets.UTF_8);
        }
        System.err.println("BootApp: digests computed by " + digestedBy + "; primes counted by threads " + countedBy);
    }
}
