// The plan grid (/plans) used like a spreadsheet, all in the browser (no server round trip per key):
//   ArrowUp / ArrowDown    the same cell (plan or fact of the same KPI) of the person above / below;
//   ArrowLeft / ArrowRight the cell before / after in the row, when the caret is at the start / end of the text or the
//                          whole text is selected (as when a cell is just reached) — else the caret moves inside the text,
//                          so a typo in "350 000" can still be fixed without the mouse;
//   Enter / Shift+Enter    commits the cell (the browser's change event, which the page handles) and moves down / up;
//   Escape                 puts back the cell's saved value (data-saved) and tells the page, so the cell is no longer changed;
//   Ctrl+S (⌘S)            commits the cell and presses the page's save button (the same save as a click);
//   the "skip to grid" link puts the cursor in the first fact cell.
// A cell reached by keyboard is scrolled clear of the sticky name column and of the sticky save bar.
(function () {
    const CELL = 'table.plan-grid input.cell';

    function usable(input) {
        return input && !input.disabled;
    }

    function rowCells(row) {
        return Array.from(row.querySelectorAll('input.cell')).filter(usable);
    }

    function select(input) {
        input.focus({ preventScroll: true });
        input.select();
        reveal(input);
    }

    function vertical(input, step) {
        const rows = Array.from(input.closest('tbody').querySelectorAll('tr'));
        const selector = `input.cell[data-testid="${input.dataset.testid}"][data-kpi="${CSS.escape(input.dataset.kpi)}"]`;
        for (let i = rows.indexOf(input.closest('tr')) + step; i >= 0 && i < rows.length; i += step) {
            const next = rows[i].querySelector(selector);
            if (usable(next)) {
                return next;
            }
        }
        return null;
    }

    function horizontal(input, step) {
        const cells = rowCells(input.closest('tr'));
        return cells[cells.indexOf(input) + step] || null;
    }

    /** Scrolls the grid (and the page) so that the cell is not under the sticky name column, the app bar or the save bar. */
    function reveal(input) {
        const wrap = input.closest('.plan-grid-wrap');
        const cell = input.closest('td');
        if (wrap && cell) {
            const name = input.closest('tr').querySelector('td.name');
            const box = cell.getBoundingClientRect();
            const area = wrap.getBoundingClientRect();
            const left = name && getComputedStyle(name).position === 'sticky' ? name.getBoundingClientRect().right : area.left;
            if (box.left < left) {
                wrap.scrollLeft -= left - box.left + 8;
            } else if (box.right > area.right) {
                wrap.scrollLeft += box.right - area.right + 8;
            }
        }

        const bar = document.querySelector('[data-testid=plans-save-bar]');
        const appBar = document.querySelector('.mud-appbar');
        const box = input.getBoundingClientRect();
        const bottom = bar ? Math.min(bar.getBoundingClientRect().top, window.innerHeight) : window.innerHeight;
        const top = appBar ? appBar.getBoundingClientRect().bottom : 0;
        if (box.bottom > bottom) {
            window.scrollBy(0, box.bottom - bottom + 8);
        } else if (box.top < top) {
            window.scrollBy(0, box.top - top - 8);
        }
    }

    function commit(input) {
        input.dispatchEvent(new Event('change', { bubbles: true }));
    }

    /** Clicks the save button once the page has taken in the last change (the button is enabled by the server's answer). */
    function save() {
        const active = document.activeElement;
        if (active && active.matches(CELL)) {
            commit(active);
        }
        const started = Date.now();
        (function tryClick() {
            const button = document.querySelector('[data-testid=plans-save]');
            if (!button) {
                return;
            }
            if (!button.disabled) {
                button.click();
            } else if (Date.now() - started < 3000) {
                setTimeout(tryClick, 50);
            }
        })();
    }

    document.addEventListener('keydown', function (e) {
        if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.code === 'KeyS' || e.key === 's' || e.key === 'S')
            && document.querySelector('table.plan-grid')) {
            e.preventDefault();
            if (!document.querySelector('.mud-dialog')) { // a question of the save is open: it is answered, not asked twice
                save();
            }
            return;
        }

        const input = e.target;
        if (!(input instanceof HTMLInputElement) || !input.matches(CELL) || e.altKey || e.ctrlKey || e.metaKey) {
            return;
        }

        const text = input.value;
        const all = input.selectionStart === 0 && input.selectionEnd === text.length;
        let next = null;
        switch (e.key) {
            case 'ArrowUp':
                next = vertical(input, -1);
                break;
            case 'ArrowDown':
                next = vertical(input, 1);
                break;
            case 'ArrowLeft':
                if (!all && !(input.selectionStart === 0 && input.selectionEnd === 0)) {
                    return;
                }
                next = horizontal(input, -1);
                break;
            case 'ArrowRight':
                if (!all && !(input.selectionStart === text.length && input.selectionEnd === text.length)) {
                    return;
                }
                next = horizontal(input, 1);
                break;
            case 'Enter':
                e.preventDefault();
                commit(input);
                next = vertical(input, e.shiftKey ? -1 : 1);
                if (!next) {
                    input.select();
                }
                break;
            case 'Escape':
                e.preventDefault();
                if (input.value !== (input.dataset.saved ?? '')) {
                    input.value = input.dataset.saved ?? '';
                    commit(input);
                }
                input.select();
                return;
            default:
                return;
        }

        if (next) {
            e.preventDefault();
            select(next);
        } else if (e.key.startsWith('Arrow')) {
            e.preventDefault(); // the edge of the grid: stay in the cell, do not scroll the page
        }
    });

    // The skip link (the page's first focusable element): to the grid's first fact cell, without leaving the page.
    document.addEventListener('click', function (e) {
        const link = e.target instanceof Element ? e.target.closest('[data-skip-to-grid]') : null;
        if (!link) {
            return;
        }
        e.preventDefault();
        e.stopPropagation();
        const first = Array.from(document.querySelectorAll('table.plan-grid input.cell[data-testid=cell-fact]')).find(usable)
            || Array.from(document.querySelectorAll(CELL)).find(usable);
        if (first) {
            select(first);
        } else {
            const table = document.querySelector('table.plan-grid');
            if (table) {
                table.focus();
                table.scrollIntoView({ block: 'start' });
            }
        }
    }, true);

    // A cell reached with Tab is also scrolled clear of the sticky column and bar (after the browser's own scrolling).
    document.addEventListener('focusin', function (e) {
        if (e.target instanceof HTMLInputElement && e.target.matches(CELL)) {
            requestAnimationFrame(() => reveal(e.target));
        }
    });
})();
