package example.targets;

public class Typo {
    public void fetch(String url) {
    }

    public void fetchAll() {
    }

    public void close() {
    }
}
