package io.spfsd.os;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A C struct as spfsd writes it: its size and, by C field name, each field's offset and
 * width. The one description of a platform's native layout: the code that fills structs
 * uses it, the layout tests check it against the platform's headers, and `spfsd doctor
 * --layouts` prints it.
 */
public final class NativeStruct {
    /** One field: offset and width in bytes (2, 4 or 8; integers little-endian, doubles as 8). */
    public record Field(String name, long offset, int bytes) {
        public void put(MemorySegment s, long v) {
            switch (bytes) {
                case 8 -> s.set(ValueLayout.JAVA_LONG_UNALIGNED, offset, v);
                case 4 -> s.set(ValueLayout.JAVA_INT_UNALIGNED, offset, (int) v);
                case 2 -> s.set(ValueLayout.JAVA_SHORT_UNALIGNED, offset, (short) v);
                default -> throw new IllegalStateException(name + ": " + bytes + "-byte field");
            }
        }

        public void putDouble(MemorySegment s, double v) {
            s.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, offset, v);
        }

        public long get(MemorySegment s) {
            return switch (bytes) {
                case 8 -> s.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
                case 4 -> Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT_UNALIGNED, offset));
                case 2 -> Short.toUnsignedLong(s.get(ValueLayout.JAVA_SHORT_UNALIGNED, offset));
                default -> throw new IllegalStateException(name + ": " + bytes + "-byte field");
            };
        }
    }

    private final String name;
    private final long size;
    private final Map<String, Field> fields = new LinkedHashMap<>();

    private NativeStruct(String name, long size) {
        this.name = name;
        this.size = size;
    }

    public static NativeStruct of(String name, long size) {
        return new NativeStruct(name, size);
    }

    /**
     * Adds a field (builder style); offsets must lie inside the struct (or, where the size is
     * not one spfsd depends on, -1, be positive).
     */
    public NativeStruct field(String field, long offset, int bytes) {
        if (offset < 0 || (size >= 0 && offset + bytes > size)) {
            throw new IllegalArgumentException(name + "." + field + " outside the struct");
        }
        fields.put(field, new Field(field, offset, bytes));
        return this;
    }

    public String name() {
        return name;
    }

    /** Its size in bytes; -1 where spfsd never allocates one and does not depend on it. */
    public long size() {
        return size;
    }

    public Field field(String field) {
        Field f = fields.get(field);
        if (f == null) {
            throw new IllegalArgumentException(name + " has no field " + field);
        }
        return f;
    }

    public Map<String, Field> fields() {
        return Collections.unmodifiableMap(fields);
    }
}
