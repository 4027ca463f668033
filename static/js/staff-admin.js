/* Names for the admin's inputs that Django's widgets leave without one (WCAG 4.1.2), so that a
   screen reader says what each asks for and axe finds nothing serious on staff pages:
   - a tabular inline (附件, 办理记录) labels its columns, not the inputs under them;
   - the search box of an autocomplete (select2: 解读的政策, 其他目录) has no label;
   - a date-and-time field writes "日期：" and "时间：" as plain text beside its two inputs;
   - the two-box picker's magnifier icon carries an aria-label without a role.
   Widgets add rows and boxes after the page has loaded, so every change of the page is looked at.
   Loaded by templates/admin/base_site.html. */
'use strict';
{
    const hasName = (el) => el.labels?.length || el.hasAttribute('aria-label') ||
        el.hasAttribute('aria-labelledby');
    const text = (el) => (el?.textContent || '').replace(/[\s:：*]+$/u, '').trim();
    const FIELDS = 'input:not([type=hidden]), select, textarea';

    function nameTabularInputs(root) {
        root.querySelectorAll('.tabular table').forEach((table) => {
            const headers = table.tHead?.rows[0]?.cells;
            if (!headers) return;
            table.querySelectorAll('tbody td').forEach((cell) => {
                const header = text(headers[cell.cellIndex]);
                if (!header) return;
                cell.querySelectorAll(FIELDS).forEach((field) => {
                    if (!hasName(field)) field.setAttribute('aria-label', header);
                });
            });
        });
    }

    function nameAutocompleteSearches(root) {
        root.querySelectorAll('.select2-search__field').forEach((field) => {
            if (hasName(field)) return;
            const select = field.closest('.select2-container')?.previousElementSibling;
            const label = select?.labels?.[0];
            if (label) field.setAttribute('aria-label', `搜索${text(label)}`);
        });
    }

    function nameDateTimeParts(root) {
        root.querySelectorAll('p.datetime').forEach((group) => {
            const row = group.closest('.fieldBox, .form-row');
            const fieldLabel = text(row?.querySelector('label'));
            group.querySelectorAll('input').forEach((field) => {
                if (hasName(field)) return;
                const part = text(field.previousSibling) || '';
                field.setAttribute('aria-label', `${fieldLabel}${part}`.trim());
            });
        });
    }

    function giveIconsARole(root) {
        root.querySelectorAll('span.help-tooltip[aria-label]:not([role])').forEach((icon) => {
            icon.setAttribute('role', 'img');
        });
    }

    function nameAll() {
        nameTabularInputs(document);
        nameAutocompleteSearches(document);
        nameDateTimeParts(document);
        giveIconsARole(document);
    }

    let pending = false;
    const observer = new MutationObserver(() => {
        if (pending) return;
        pending = true;
        requestAnimationFrame(() => {
            pending = false;
            nameAll();
        });
    });
    observer.observe(document.documentElement, {childList: true, subtree: true});
    document.addEventListener('DOMContentLoaded', nameAll);
}
