// The action dialog: every action asks for a reason (recorded in the audit trail); destructive
// ones also ask the operator to tick a confirmation. A failure is shown inside the dialog, which
// stays open so the operator can correct and retry.
import {h} from './dom.js';

const $ = id => document.getElementById(id);

/**
 * Opens the dialog. {@code spec}: title, text, facts ([[label, value]]), destructive (bool),
 * confirmText, submitLabel, extra (a function that fills a container and returns a function that
 * reads its value), run (async (reason, extraValue) => result). Resolves to run's result, or null
 * when cancelled.
 */
export function openAction(spec) {
    const dialog = $('action-dialog');
    const form = $('action-form');
    const reason = $('dialog-reason');
    const confirm = $('dialog-confirm');
    const submit = $('dialog-submit');
    const error = $('dialog-error');

    $('dialog-title').textContent = spec.title;
    $('dialog-text').textContent = spec.text || '';
    $('dialog-facts').replaceChildren(...(spec.facts || []).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
    const extra = $('dialog-extra');
    extra.replaceChildren();
    const readExtra = spec.extra ? spec.extra(extra) : () => undefined;
    reason.value = '';
    $('dialog-count').textContent = '0';
    confirm.checked = false;
    $('dialog-confirm-row').hidden = !spec.destructive;
    $('dialog-confirm-text').textContent = spec.confirmText || 'I understand that this cannot be undone.';
    submit.textContent = spec.submitLabel || 'Confirm';
    submit.className = `button ${spec.destructive ? 'danger' : 'primary'}`;
    error.hidden = true;
    error.replaceChildren();

    const valid = () => reason.value.trim().length > 0 && reason.value.length <= 500 && (!spec.destructive || confirm.checked);
    const refresh = () => {
        $('dialog-count').textContent = String(reason.value.length);
        submit.disabled = !valid();
    };
    refresh();

    return new Promise(resolve => {
        let busy = false;
        const close = result => {
            reason.removeEventListener('input', refresh);
            confirm.removeEventListener('change', refresh);
            form.removeEventListener('submit', onSubmit);
            $('dialog-cancel').removeEventListener('click', onCancel);
            dialog.removeEventListener('cancel', onEscape);
            dialog.close();
            resolve(result);
        };
        const onCancel = () => { if (!busy) close(null); };
        const onEscape = e => { e.preventDefault(); onCancel(); };
        const onSubmit = async e => {
            e.preventDefault();
            if (!valid() || busy) {
                return;
            }
            busy = true;
            submit.disabled = true;
            const label = submit.textContent;
            submit.replaceChildren(h('span', {class: 'spinner'}), ' Working…');
            error.hidden = true;
            try {
                const result = await spec.run(reason.value.trim(), readExtra());
                // A 204 (no body) is a success too: only a cancel resolves to null.
                close(result === undefined || result === null ? true : result);
            } catch (err) {
                error.replaceChildren(h('strong', {}, err.title || 'The action failed'), err.detail ? h('p', {}, err.detail) : null);
                error.hidden = false;
            } finally {
                busy = false;
                submit.textContent = label;
                refresh();
            }
        };
        reason.addEventListener('input', refresh);
        confirm.addEventListener('change', refresh);
        form.addEventListener('submit', onSubmit);
        $('dialog-cancel').addEventListener('click', onCancel);
        dialog.addEventListener('cancel', onEscape);
        dialog.showModal();
        reason.focus();
    });
}
