package io.shardline.spring;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A plain Spring Boot application: JdbcTemplate and @Transactional over whatever DataSource Boot gives it. */
@SpringBootApplication
public class ShopApplication {

    @Service
    public static class Users {
        private final JdbcTemplate jdbc;

        public Users(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        /** Renames two users in one transaction (both on one shard's server, or refused on the second). */
        @Transactional
        public void renameBoth(long first, long second, String name) {
            jdbc.update("UPDATE user SET name = ? WHERE uid = ?", name, first);
            jdbc.update("UPDATE user SET name = ? WHERE uid = ?", name, second);
        }

        public String name(long uid) {
            return jdbc.queryForObject("SELECT name FROM user WHERE uid = ?", String.class, uid);
        }
    }
}
