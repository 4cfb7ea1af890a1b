// Brings the first marked field of a refused save into view and puts the cursor in it, so the person sees the message
// under the field they must fix, not only a summary far from it. An open dialog is searched first.
window.kpiForms = {
    // Scrolls a message into view with as little movement as possible (an answer shown under the form it is about).
    reveal: function (element) {
        if (element && element.scrollIntoView) {
            element.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        }
    },
    focusFirstError: function () {
        const scopes = [document.querySelector('.mud-dialog'), document].filter(s => s);
        for (const scope of scopes) {
            const marked = scope.querySelector('.mud-input-control.mud-input-error, [data-field-error]');
            if (!marked) {
                continue;
            }
            const target = marked.closest('tr') && marked.hasAttribute('data-field-error') ? marked.closest('tr') : marked;
            target.scrollIntoView({ block: 'center', inline: 'nearest' });
            const input = marked.querySelector('input:not([readonly]):not([type=hidden]):not([type=checkbox]), textarea');
            if (input) {
                input.focus({ preventScroll: true });
            }
            return true;
        }
        return false;
    }
};
