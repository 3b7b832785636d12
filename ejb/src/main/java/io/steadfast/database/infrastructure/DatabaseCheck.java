package io.steadfast.database.infrastructure;

import io.steadfast.database.application.DatabaseInspection;
import io.steadfast.database.application.DatabaseStatus;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import javax.sql.DataSource;

/**
 * Checks the payments database once at start-up and says in the log, with a numbered line, what
 * keeps payments from committing there and how to fix it. The readiness check
 * ({@code io.steadfast.database.interfaces.DatabaseReadinessCheck}, in the EAR's library) asks
 * the same question at every probe. Outside any transaction: it reads settings only.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DatabaseCheck {

    private static final DatabaseLogger LOG = DatabaseLogger.LOG;

    @Resource(lookup = DatabaseInspection.DATASOURCE)
    DataSource dataSource;

    @PostConstruct
    void atStartup() {
        DatabaseStatus status = DatabaseInspection.inspect(dataSource);
        if (status.ready()) {
            LOG.found(status.product(), status.version(), status.database(),
                    status.maxPreparedTransactions().map(String::valueOf).orElse("(not PostgreSQL)"));
        } else if (status.isPostgreSql()) {
            LOG.maxPreparedTransactionsZero(status.database(), status.version(), DatabaseStatus.MAX_PREPARED_FIX);
        } else {
            LOG.unreachable(status.problem().orElseThrow());
        }
    }
}
