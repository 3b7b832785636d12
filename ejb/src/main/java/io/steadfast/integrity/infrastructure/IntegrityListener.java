package io.steadfast.integrity.infrastructure;

import io.steadfast.integrity.domain.IntegrityProtected;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;

/**
 * The JPA entity listener on every {@link IntegrityProtected} entity: codes are stored on
 * {@code @PrePersist}/{@code @PreUpdate} and checked on {@code @PostLoad}.
 */
public class IntegrityListener {

    private static IntegrityGuard guard() {
        return CDI.current().select(IntegrityGuard.class).get();
    }

    @PrePersist
    @PreUpdate
    void seal(Object entity) {
        guard().seal((IntegrityProtected) entity);
    }

    @PostLoad
    void verify(Object entity) {
        IntegrityProtected row = (IntegrityProtected) entity;
        guard().verify(row, entity.getClass().getSimpleName(), row.amountAttribute());
    }
}
