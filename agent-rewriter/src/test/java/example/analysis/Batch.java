package example.analysis;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * Regions for the call-site analysis's tests: {@code fetch}, {@code process} and {@code write} are
 * what the tests' roles call parallel. Never run; only read as a class file.
 */
public class Batch {
    static int processed;
    static final int LIMIT = 10;

    public static class Item {
        String name;
        String output;

        String output() {
            return output;
        }
    }

    void fetch(String url) {
    }

    void process(Item item) {
        item.output = item.name + ".out";
        processed++;
    }

    static void write(File folder, String name) {
    }

    static void log(Object o) {
    }

    void clean(List<String> urls) {
        for (String url : urls) {
            fetch(url);
        }
    }

    List<String> readAfter(List<Item> items) {
        List<String> names = new ArrayList<>();
        for (Item item : items) {
            process(item);
            names.add(item.output());
        }
        return names;
    }

    List<String> readAfterLoop(List<Item> items) {
        for (Item item : items) {
            process(item);
        }
        List<String> names = new ArrayList<>();
        for (Item item : items) {
            names.add(item.output());
        }
        return names;
    }

    int perItemCatch(List<Item> items) {
        int failed = 0;
        for (Item item : items) {
            try {
                process(item);
            } catch (RuntimeException e) {
                failed++;
            }
        }
        return failed;
    }

    void effectsAfterLoop(File folder, List<String> names) {
        for (String name : names) {
            write(folder, name);
        }
        folder.setLastModified(0);
    }

    int staticRead(List<Item> items) {
        for (Item item : items) {
            process(item);
        }
        return processed + LIMIT;
    }

    void constantRead(List<String> urls) {
        for (String url : urls) {
            fetch(url);
        }
        log(LIMIT);
    }

    void logBefore(List<Item> items) {
        for (Item item : items) {
            log(item);
            process(item);
        }
    }

    void indexed(List<String> urls) {
        for (int i = 0; i < urls.size(); i++) {
            fetch(urls.get(i));
        }
    }

    void arrays(String[] urls) {
        for (String url : urls) {
            fetch(url);
        }
    }

    void builtFromBase(File base, List<String> names) {
        for (String name : names) {
            write(new File(base, name), name);
        }
    }

    void baseUsedAfter(File base, List<String> names) {
        for (String name : names) {
            write(new File(base, name), name);
        }
        base.delete();
    }

    void finallyAfter(List<String> urls) {
        try {
            for (String url : urls) {
                fetch(url);
            }
        } finally {
            log("done");
        }
    }

    String viaHelper(List<Item> items) {
        processAll(items);
        return items.get(0).output();
    }

    void viaHelperClean(List<Item> items) {
        processAll(items);
        log("done");
    }

    void receiverUsedAfter(List<String> urls) {
        for (String url : urls) {
            fetch(url);
        }
        this.toString();
    }

    private void processAll(List<Item> items) {
        for (Item item : items) {
            process(item);
        }
    }
}
