import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/domain/locale';
import { dayText, monthTitle, weekdayNames } from './format';
import './review-dates.css';

export interface DateFieldProps {
  readonly label: string;
  /** `YYYY-MM-DD`. */
  readonly value: string;
  readonly min?: string;
  readonly max?: string;
  readonly locale: Locale;
  readonly onChange: (day: string) => void;
  readonly testId: string;
}

const key = (y: number, m: number, d: number): string => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/**
 * A day picker that reads the way the rest of the review does (`format.ts`: `2026. 11. 24.` in Korean,
 * `24 Nov 2026` in English), whatever language the browser or the operating system is in (the native
 * `<input type=date>` follows those, and showed `11/24/2026` in both). A button with the day opens a
 * month grid (Monday first); each day is a button named by its full date; Escape or a choice closes it
 * and gives focus back to the button.
 */
export function DateField(p: DateFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [y0, m0] = p.value.split('-').map(Number);
  const [shown, setShown] = useState({ y: y0 ?? 2026, m: m0 ?? 1 });
  const button = useRef<HTMLButtonElement>(null);
  const popup = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) {
      setShown({ y: y0 ?? 2026, m: m0 ?? 1 });
      requestAnimationFrame(() => popup.current?.querySelector<HTMLButtonElement>('button[aria-pressed=true]')?.focus());
    }
  }, [open]);
  const close = (): void => {
    setOpen(false);
    button.current?.focus();
  };
  const move = (delta: number): void => setShown(({ y, m }) => ({ y: y + Math.floor((m - 1 + delta) / 12), m: ((((m - 1 + delta) % 12) + 12) % 12) + 1 }));
  const first = new Date(Date.UTC(shown.y, shown.m - 1, 1));
  const lead = (first.getUTCDay() + 6) % 7; // Monday first
  const days = new Date(Date.UTC(shown.y, shown.m, 0)).getUTCDate();
  const cells: (string | null)[] = [...Array.from({ length: lead }, () => null), ...Array.from({ length: days }, (_x, i) => key(shown.y, shown.m, i + 1))];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_x, w) => cells.slice(w * 7, w * 7 + 7));
  return (
    <div
      className="filter date-field"
      onBlur={(e) => {
        if (open && !e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <span id={`${id}-label`}>{p.label}</span>
      <button
        ref={button}
        type="button"
        className="date-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-labelledby={`${id}-label ${id}-value`}
        onClick={() => setOpen((o) => !o)}
        data-testid={p.testId}
        data-value={p.value}
      >
        <span id={`${id}-value`}>{dayText(p.value, p.locale)}</span>
      </button>
      {open && (
        <div
          ref={popup}
          role="dialog"
          aria-label={p.label}
          className="date-popup"
          data-testid={`${p.testId}-popup`}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              close();
            }
          }}
        >
          <div className="date-popup-head">
            <button type="button" className="btn btn-small" onClick={() => move(-1)} aria-label={t('review.filters.prevMonth')} data-testid={`${p.testId}-prev`}>
              ‹
            </button>
            <span aria-live="polite" data-testid={`${p.testId}-month`}>
              {monthTitle(shown.y, shown.m, p.locale)}
            </span>
            <button type="button" className="btn btn-small" onClick={() => move(1)} aria-label={t('review.filters.nextMonth')} data-testid={`${p.testId}-next`}>
              ›
            </button>
          </div>
          <table className="date-grid">
            <thead>
              <tr>
                {weekdayNames(p.locale).map((w) => (
                  <th key={w} scope="col" abbr={w}>
                    {w}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {weeks.map((week, i) => (
                <tr key={i}>
                  {week.map((day, j) => (
                    <td key={j}>
                      {day && (
                        <button
                          type="button"
                          // The name starts with the number shown (WCAG 2.5.3, label in name), then the whole date.
                          aria-label={`${Number(day.slice(8))}, ${dayText(day, p.locale)}`}
                          aria-pressed={day === p.value}
                          disabled={(p.min !== undefined && day < p.min) || (p.max !== undefined && day > p.max)}
                          onClick={() => {
                            p.onChange(day);
                            close();
                          }}
                          data-day={day}
                        >
                          {Number(day.slice(8))}
                        </button>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
