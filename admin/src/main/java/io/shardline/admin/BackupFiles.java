package io.shardline.admin;

import io.shardline.admin.Dump.Definition;
import io.shardline.admin.Dump.Item;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One database of a backup set on disk: the {@link Dump} stream, gzip-compressed, each item a tag and its fields
 * (strings as a length and UTF-8 bytes, so the SQL inside reads back byte for byte), closed by an end record holding
 * the counts, so a truncated file is refused rather than half restored. The file's SHA-256 goes in the manifest.
 */
final class BackupFiles {
    private static final int MAGIC = 0x53424B31; // "SBK1"
    private static final byte DATABASE = 'D';
    private static final byte TABLE = 'T';
    private static final byte ROWS = 'R';
    private static final byte DEFINITION = 'V';
    private static final byte END = 'E';

    /** What the manifest records of one database's file. */
    record FileInfo(String database, String file, String sha256, long size, int tables, long rows, long rawBytes) {
    }

    private BackupFiles() {
    }

    /** Writes one database's file; {@link #finish()} seals it. Not thread-safe. */
    static final class Writer implements Dump.Sink, AutoCloseable {
        private final Path path;
        private final MessageDigest digest;
        private final DataOutputStream out;
        private String database;
        private int tables;
        private long rows;
        private long rawBytes;

        Writer(Path path) throws IOException {
            this.path = path;
            this.digest = sha256();
            OutputStream file = new DigestOutputStream(Files.newOutputStream(path), digest);
            this.out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(file, 1 << 16), 1 << 16));
            out.writeInt(MAGIC);
        }

        @Override
        public void accept(Item item) throws IOException {
            if (item instanceof Dump.Database d) {
                database = d.name();
                out.writeByte(DATABASE);
                text(d.name());
                text(d.charset());
                text(d.collation());
            } else if (item instanceof Dump.Table t) {
                tables++;
                out.writeByte(TABLE);
                text(t.name());
                text(t.createSql());
                out.writeLong(t.rowsEstimate());
                out.writeLong(t.bytesEstimate());
            } else if (item instanceof Dump.Rows r) {
                rows += r.rows();
                rawBytes += r.bytes();
                out.writeByte(ROWS);
                text(r.table());
                text(r.sql());
                out.writeInt(r.rows());
                out.writeLong(r.bytes());
            } else if (item instanceof Definition d) {
                out.writeByte(DEFINITION);
                out.writeByte(d.kind().ordinal());
                text(d.name());
                text(d.sql());
                text(d.sqlMode());
                text(d.collationConnection());
                text(d.timeZone());
            }
        }

        private void text(String s) throws IOException {
            if (s == null) {
                out.writeInt(-1);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }

        FileInfo finish() throws IOException {
            out.writeByte(END);
            out.writeInt(tables);
            out.writeLong(rows);
            out.close();
            return new FileInfo(database, path.getFileName().toString(), HexFormat.of().formatHex(digest.digest()),
                    Files.size(path), tables, rows, rawBytes);
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException ignored) {
                // a failed backup's files are deleted
            }
        }
    }

    /** Reads a file back into {@code sink}; a file without its end record, or with other counts, is refused. */
    static void read(Path path, Dump.Sink sink) throws Exception {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                new GZIPInputStream(Files.newInputStream(path), 1 << 16), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(path + " is not a Shardline backup file");
            }
            int tables = 0;
            long rows = 0;
            while (true) {
                byte tag;
                try {
                    tag = in.readByte();
                } catch (EOFException e) {
                    throw new IOException(path + " ends before its end record: the backup file is truncated");
                }
                switch (tag) {
                    case DATABASE -> sink.accept(new Dump.Database(text(in), text(in), text(in)));
                    case TABLE -> {
                        tables++;
                        sink.accept(new Dump.Table(text(in), text(in), in.readLong(), in.readLong()));
                    }
                    case ROWS -> {
                        String table = text(in);
                        String sql = text(in);
                        int n = in.readInt();
                        rows += n;
                        sink.accept(new Dump.Rows(table, sql, n, in.readLong()));
                    }
                    case DEFINITION -> {
                        Dump.Kind kind = Dump.Kind.values()[in.readByte()];
                        sink.accept(new Definition(kind, text(in), text(in), text(in), text(in), text(in)));
                    }
                    case END -> {
                        if (in.readInt() != tables || in.readLong() != rows) {
                            throw new IOException(path + " does not hold the tables and rows its end record counts");
                        }
                        return;
                    }
                    default -> throw new IOException(path + " holds an unknown record " + tag);
                }
            }
        }
    }

    private static String text(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The SHA-256 of a file, hex. */
    static String sha256(Path path) throws IOException {
        MessageDigest d = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), d)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
