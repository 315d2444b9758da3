package io.shardline.driver.store;

import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.SplitConfig;
import io.shardline.router.meta.YamlSplitConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/** A YAML topology file ({@link YamlSplitConfig}); its update stamp is the file's modification time. */
public final class YamlMetadataStore implements MetadataStore {
    private final Path file;

    public YamlMetadataStore(Path file) {
        this.file = file;
    }

    @Override
    public SplitConfig load() throws SQLException {
        long stamp = updateStamp();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return YamlSplitConfig.parse(r, stamp);
        } catch (IOException e) {
            throw new ShardlineException(ErrorCode.UNCONFIGURED, "cannot read the topology file " + file + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public long updateStamp() throws SQLException {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new ShardlineException(ErrorCode.UNCONFIGURED, "cannot read the topology file " + file + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return file.toString();
    }
}
