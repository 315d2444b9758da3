package io.shardline.spring;

import io.shardline.driver.ShardlineUrl;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code spring.datasource.url} is a {@code jdbc:shardline:} URL. Spring Boot itself would guess the
 * driver from the {@code :h2:} or {@code :mysql:} inside such a URL and pool it with HikariCP; this configuration
 * takes over before that.
 */
class OnShardlineUrl extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String url = context.getEnvironment().getProperty("spring.datasource.url");
        return ShardlineUrl.accepts(url)
                ? ConditionOutcome.match("spring.datasource.url is a Shardline URL")
                : ConditionOutcome.noMatch("spring.datasource.url is not a jdbc:shardline: URL");
    }
}
