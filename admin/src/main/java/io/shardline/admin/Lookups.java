package io.shardline.admin;

import io.shardline.admin.Rows.Db;
import io.shardline.admin.Rows.Instance;
import java.sql.SQLException;

/** Finding the instance and database an action names, with each action's spelling of "not found". */
final class Lookups {
    private Lookups() {
    }

    static Instance instance(Metadata m, Action a, String instanceId) throws DrdsException, SQLException {
        Instance i = Names.isInstanceId(instanceId) ? m.instance(instanceId) : null;
        if (i == null) {
            throw a.instanceNotFound().with("DRDS instance '" + instanceId + "' does not exist");
        }
        return i;
    }

    static Db db(Metadata m, Action a, String instanceId, String dbName) throws DrdsException, SQLException {
        instance(m, a, instanceId);
        Names.dbName(dbName);
        Db db = m.db(instanceId, dbName);
        if (db == null) {
            throw DrdsError.DB_NOT_FOUND.with("DRDS database '" + dbName + "' does not exist in instance " + instanceId);
        }
        return db;
    }

    /** The database, which must be running: not being created or deleted by another action, not failed. */
    static Db runningDb(Metadata m, Action a, String instanceId, String dbName, Estate estate)
            throws DrdsException, SQLException {
        Db db = db(m, a, instanceId, dbName);
        DbStatus status = estate.statusOf(db);
        if (status.isBusy()) {
            throw DrdsError.CONFLICT_WITH_ANOTHER_ACTION.with(db + " is being " + (status == DbStatus.CREATING
                    ? "created" : "deleted") + "; try again when it is done");
        }
        if (status != DbStatus.RUNNING) {
            throw DrdsError.DB_NOT_RUNNING.with(db + " is not running (status " + status.code() + ": " + db.msg()
                    + "); DeleteFailedDrdsDB removes a failed database");
        }
        return db;
    }
}
