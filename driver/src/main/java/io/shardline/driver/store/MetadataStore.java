package io.shardline.driver.store;

import io.shardline.router.meta.SplitConfig;
import java.sql.SQLException;

/** Where split metadata lives: a DBProxy config database (MySQL or H2) or a YAML file. */
public interface MetadataStore {
    /** Every row of the store, read in one go. Credentials are still as stored (not yet decoded). */
    SplitConfig load() throws SQLException;

    /** The store's change marker, cheap to read; a larger value than the loaded one means "reload". */
    long updateStamp() throws SQLException;

    /** Where the store is, for messages (no secrets). */
    String describe();
}
