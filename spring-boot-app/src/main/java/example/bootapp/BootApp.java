package example.bootapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot batch application that knows nothing of lox: {@link ReportRunner} computes a report
 * and writes it. Run as {@code java -jar lox-spring-boot-app.jar [blocks] [--report=FILE]}.
 */
@SpringBootApplication
public class BootApp {
    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(BootApp.class, args)));
    }
}
