package io.steadfast.integrity.domain;

/**
 * A protected row failed its integrity codes beyond repair; it has been quarantined. An
 * application exception: the transaction rolls back, and the container hands it on as it is
 * instead of logging a stack trace for every read of a quarantined row (the row was logged once
 * more, as STEADFAST-INTEGRITY-0002, when it was refused).
 */
@jakarta.ejb.ApplicationException(rollback = true)
public class IntegrityViolationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String entity;
    private final String id;

    public IntegrityViolationException(String entity, String id, String reason) {
        super(entity + " " + id + " failed its integrity check (" + reason + ") and is quarantined");
        this.entity = entity;
        this.id = id;
    }

    public String entity() {
        return entity;
    }

    public String id() {
        return id;
    }
}
