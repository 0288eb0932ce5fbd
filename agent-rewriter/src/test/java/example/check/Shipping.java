package example.check;

import java.io.InputStream;
import java.net.Socket;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A fixture for check's tests: process methods whose types hold what cannot travel. Never run. */
public class Shipping {
    /** Travels: plain data, a transient stream, a static thread. */
    public static class Parcel {
        String label;
        int weight;
        transient InputStream contents;
        static Thread watcher;
    }

    /** Does not travel: a socket two fields down, a lambda field, a collection lox cannot rebuild. */
    public static class Truck {
        Driver driver;
        List<Parcel> parcels;
        Function<Parcel, String> labeller;
        Manifest manifest;
        Shelf shelf;
    }

    public static class Driver {
        Radio radio;
    }

    public static class Radio {
        Socket socket;
    }

    /** A list without a no-argument constructor: it travels, made through ArrayList(). */
    public static class Manifest extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        public Manifest(int expected) {
            super(expected);
        }
    }

    /** A list that keeps its elements itself, without a no-argument constructor: nothing can make it. */
    public static class Shelf extends AbstractList<String> {
        private final String[] slots;

        public Shelf(int size) {
            slots = new String[size];
        }

        @Override
        public String get(int index) {
            return slots[index];
        }

        @Override
        public int size() {
            return slots.length;
        }
    }

    /** A list Kryo can rebuild (its no-argument constructor may be private). */
    public static class Ledger extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        private Ledger() {
        }
    }

    public static int weigh(Parcel parcel, Ledger ledger) {
        return parcel.weight;
    }

    public static Parcel load(Truck truck) {
        return null;
    }

    public void send(List<Socket> sockets) {
    }

    public abstract static class Depot {
        public abstract void open();
    }
}
