package io.steadfast.payment.application;

import jakarta.ejb.Local;

import java.util.Map;

/**
 * What the end-to-end benchmark compares the real payment with (PERFORMANCE.md), and the row
 * counts its long run watches. Not part of the storefront API: the REST layer exposes it only
 * when {@code steadfast.baselines.enabled=true}.
 */
@Local
public interface Baselines {

    /**
     * The same payment as {@link PaymentService#create} (idempotency record, payment, ledger,
     * integrity codes) through the non-XA datasource and without the vault receipt: one resource,
     * so Narayana commits it in one phase.
     */
    PaymentResult createOnePhase(NewPayment cmd);

    /** Rows per table: payments, ledger entries, idempotency records, quarantined rows. */
    Map<String, Long> rowCounts();

    /** Whether the integrity codes are on now ({@code steadfast.integrity.enabled}). */
    boolean integrityCodesOn();
}
