package example.targets;

import java.util.List;
import java.util.Map;

public class Overloads {
    public void fetch(List<String> urls) {
    }

    public void fetch(Map.Entry<String, String> pair, int[] sizes) {
    }
}
