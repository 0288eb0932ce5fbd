package dev.lox.worker.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Method;

/**
 * The baseline's child JVM: reads {@code Object[] {className, methodName, Object[] args}} requests
 * from stdin with ObjectInputStream, invokes the method by reflection, writes each result to stdout
 * with ObjectOutputStream and flushes, as a straightforward pipe-based worker would.
 */
public final class PipeChild {
    private PipeChild() {
    }

    public static void main(String[] args) throws Exception {
        ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(System.out, 1 << 16));
        out.flush();
        ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(System.in, 1 << 16));
        while (true) {
            Object[] request;
            try {
                request = (Object[]) in.readObject();
            } catch (java.io.EOFException e) {
                return;
            }
            Object[] callArgs = (Object[]) request[2];
            Method m = null;
            for (Method c : Class.forName((String) request[0]).getDeclaredMethods()) {
                if (c.getName().equals(request[1]) && c.getParameterCount() == callArgs.length) {
                    m = c;
                }
            }
            Object result = m.invoke(null, callArgs);
            out.writeObject(result);
            out.flush();
        }
    }
}
