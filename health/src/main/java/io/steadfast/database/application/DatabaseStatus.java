package io.steadfast.database.application;

import java.util.Optional;

/**
 * What the check of the payments database found: the product and version behind the XA
 * datasource, PostgreSQL's {@code max_prepared_transactions} (absent on other databases), and the
 * problem that keeps payments from committing, if any.
 *
 * @param database the JDBC URL without its query
 * @param problem  what is wrong and how to fix it; absent when payments can commit
 */
public record DatabaseStatus(String product, String version, String database, Optional<Integer> maxPreparedTransactions,
                             Optional<String> problem) {

    /** The product name PostgreSQL's JDBC driver reports. */
    public static final String POSTGRESQL = "PostgreSQL";

    /** How to fix {@code max_prepared_transactions = 0}, in the words of the log line and the readiness check. */
    public static final String MAX_PREPARED_FIX = "set it above the XA datasource's max-pool-size (48 by default) and restart PostgreSQL: "
            + "psql -U postgres -c 'ALTER SYSTEM SET max_prepared_transactions = 64', then "
            + "pg_ctlcluster <version> main restart (or run standalone-config/setup-postgresql.sh, which does both)";

    public DatabaseStatus {
        maxPreparedTransactions = maxPreparedTransactions == null ? Optional.empty() : maxPreparedTransactions;
        problem = problem == null ? Optional.empty() : problem;
    }

    /**
     * The rule: on PostgreSQL, {@code max_prepared_transactions = 0} makes every XA prepare fail
     * ("prepared transactions are disabled"), so no payment commits.
     *
     * @param maxPreparedTransactions PostgreSQL's setting, or null on another database
     */
    public static DatabaseStatus of(String product, String version, String database, Integer maxPreparedTransactions) {
        String problem = null;
        if (POSTGRESQL.equals(product)) {
            if (maxPreparedTransactions == null) {
                throw new IllegalArgumentException("PostgreSQL without a max_prepared_transactions value");
            }
            if (maxPreparedTransactions == 0) {
                problem = "PostgreSQL's max_prepared_transactions is 0, so every XA prepare fails and no payment can commit; "
                        + MAX_PREPARED_FIX;
            }
        }
        return new DatabaseStatus(product, version, database, Optional.ofNullable(maxPreparedTransactions), Optional.ofNullable(problem));
    }

    /** The database did not answer. */
    public static DatabaseStatus unreachable(String reason) {
        return new DatabaseStatus("unknown", "unknown", "unknown", Optional.empty(),
                Optional.of("the payments database does not answer through java:jboss/datasources/SteadfastXADS: " + reason));
    }

    public boolean ready() {
        return problem.isEmpty();
    }

    public boolean isPostgreSql() {
        return POSTGRESQL.equals(product);
    }
}
