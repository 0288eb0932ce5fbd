package example.check;

import dev.lox.Lox;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A fixture for check's tests: annotated methods and the regions that call them. Never run. */
public class Uploads {
    final List<String> done = new ArrayList<>();

    @Lox.Thread(4)
    public void upload(String item) {
        done.add(item);
    }

    @Lox.Thread(2)
    public CompletableFuture<String> uploadLater(String item) {
        return CompletableFuture.completedFuture(item);
    }

    @Lox.Thread(2)
    public String render(String item) {
        upload(item + ".html"); // reached from the region through render, which runs on the region's thread
        return item;
    }

    @Lox.Thread
    public void forgotten(String item) {
    }

    @Lox.Thread(3)
    public void handled(String item) {
    }

    @Lox.Gather
    public void uploadAll(List<String> items) {
        for (String item : items) {
            helper(item);
        }
    }

    @Lox.Gather
    public void uploadEach(List<String> items) {
        for (String item : items) {
            upload(item);
        }
    }

    @Lox.Gather
    public void uploadAllLater(List<String> items) {
        items.forEach(this::uploadLater);
    }

    private void helper(String item) {
        upload(item);
    }

    @Lox.Gather
    public void renderAll() {
        render("index");
    }

    @Lox.Gather
    public void uploadCarefully(List<String> items) {
        for (String item : items) {
            try {
                upload(item);
            } catch (RuntimeException e) {
                done.add("failed");
            }
        }
    }

    @Lox.Gather(accept = {"try-catch", "used-after", "used-befor"})
    public void uploadBravely(List<String> items) {
        for (String item : items) {
            try {
                upload(item);
            } catch (RuntimeException e) {
                done.add("failed");
            }
        }
    }

    @Lox.Thread(-1)
    public void negative() {
    }

    public static void viaHandle() {
        Lox.of(Uploads::handledStatic).scatter("x");
    }

    @Lox.Thread(3)
    public static void handledStatic(String item) {
    }
}
