package dev.lox.worker.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A collection or map of an application's (or a library's) class that extends a JDK collection and
 * has no no-argument constructor, such as a document model's child list
 * {@code class Children extends ArrayList<Node> { Children(Node owner) ... }}.
 *
 * <p>Why: Kryo makes such an object without running any constructor (Objenesis), so the JDK
 * collection inside it is never initialised ({@code ArrayList.elementData} stays null, a
 * {@code HashMap}'s load factor 0) and the first {@code add} on the receiving side fails, after the
 * worker did the work. Here it is made as Java serialization makes an object: through the
 * constructor of its JDK superclass ({@code ArrayList()}, {@code HashMap()}), skipping its own; then
 * its own fields (those declared below that JDK class, not static, not transient) are read, then its
 * elements are added as Kryo adds any collection's. A cycle through its fields (the owner that holds
 * the list) arrives as it left.
 *
 * <p>A class with no JDK superclass that can be made so (a collection built on {@code AbstractList}
 * with storage of its own) cannot be rebuilt faithfully: {@link #of} says why, and the codec refuses it.
 */
final class SubclassedCollectionSerializer extends Serializer<Object> {
    private final Constructor<?> constructor;
    private final Field[] fields;
    private final boolean map;

    private SubclassedCollectionSerializer(Constructor<?> constructor, Field[] fields, boolean map) {
        this.constructor = constructor;
        this.fields = fields;
        this.map = map;
    }

    /** Whether {@code type} needs this serializer: a non-JDK collection or map with no no-argument constructor. */
    static boolean applies(Class<?> type) {
        if (!(Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)) || type.isInterface()
                || Modifier.isAbstract(type.getModifiers()) || type.getName().startsWith("java.")) {
            return false;
        }
        try {
            type.getDeclaredConstructor();
            return false; // Kryo makes it through that constructor
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    /**
     * The serializer for {@code type}, which {@link #applies} to.
     *
     * @throws KryoException saying why, if {@code type} cannot be rebuilt
     */
    static SubclassedCollectionSerializer of(Class<?> type) {
        Class<?> base = type.getSuperclass();
        List<Field> own = new ArrayList<>();
        for (Class<?> c = type; c != null && !c.getName().startsWith("java."); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!Modifier.isStatic(m) && !Modifier.isTransient(m)) {
                    f.setAccessible(true);
                    own.add(f);
                }
            }
            base = c.getSuperclass();
        }
        try {
            Constructor<?> baseConstructor = base.getDeclaredConstructor();
            if (base == java.util.AbstractCollection.class || base == java.util.AbstractList.class
                    || base == java.util.AbstractMap.class || base == java.util.AbstractSet.class
                    || base == java.util.AbstractQueue.class || base == java.util.AbstractSequentialList.class) {
                throw new NoSuchMethodException("it keeps its elements itself (it extends " + base.getName() + ")");
            }
            Constructor<?> made = sun.reflect.ReflectionFactory.getReflectionFactory()
                    .newConstructorForSerialization(type, baseConstructor);
            made.setAccessible(true);
            return new SubclassedCollectionSerializer(made, own.toArray(new Field[0]), Map.class.isAssignableFrom(type));
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new KryoException(type.getName() + " has no no-argument constructor, and lox cannot rebuild it from a JDK"
                    + " collection class (" + e.getMessage() + "); give it a no-argument constructor, or pass a plain"
                    + " ArrayList/HashMap copy of it");
        }
    }

    @Override
    public void write(Kryo kryo, Output output, Object object) {
        try {
            for (Field f : fields) {
                kryo.writeClassAndObject(output, f.get(object));
            }
        } catch (IllegalAccessException e) {
            throw new KryoException(e);
        }
        if (map) {
            Map<?, ?> m = (Map<?, ?>) object;
            output.writeVarInt(m.size(), true);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                kryo.writeClassAndObject(output, e.getKey());
                kryo.writeClassAndObject(output, e.getValue());
            }
        } else {
            Collection<?> c = (Collection<?>) object;
            output.writeVarInt(c.size(), true);
            for (Object e : c) {
                kryo.writeClassAndObject(output, e);
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object read(Kryo kryo, Input input, Class<?> type) {
        Object object;
        try {
            object = constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new KryoException("could not make a " + type.getName() + ": " + e, e);
        }
        kryo.reference(object);
        try {
            for (Field f : fields) {
                f.set(object, kryo.readClassAndObject(input));
            }
        } catch (IllegalAccessException e) {
            throw new KryoException(e);
        }
        int size = input.readVarInt(true);
        if (map) {
            Map<Object, Object> m = (Map<Object, Object>) object;
            for (int i = 0; i < size; i++) {
                m.put(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
            }
        } else {
            Collection<Object> c = (Collection<Object>) object;
            for (int i = 0; i < size; i++) {
                c.add(kryo.readClassAndObject(input));
            }
        }
        return object;
    }
}
