import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PracticeScenarioRecord, PracticeScenarioSummary } from '../../shared/api/practice';
import type { Locale } from '../../shared/domain/locale';
import { loadScenario, ScenarioDefinitionError, type ScenarioInput } from '../../shared/practice';
import type { ScriptDefinition } from '../../shared/script';
import type { FieldProblem } from '../../shared/ipc/define';
import { getBridge, unwrap } from '../bridge';
import { errorText, toUiError } from '../errors';
import { fieldProblemText, jsonPathOf, notJsonProblem } from '../field-errors';
import { scriptFor } from '../scripts/catalog';

function lookup(id: string, version: number): ScriptDefinition | undefined {
  try {
    return scriptFor(id, version);
  } catch {
    return undefined;
  }
}

/**
 * Trainers edit scenarios as JSON (the schema is assets/practice/scenario.schema.json): checked here
 * with the same loader as the server, problems listed by JSON path, saved as a new revision.
 */
export function ScenarioEditor({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const bridge = getBridge();
  const [list, setList] = useState<PracticeScenarioSummary[]>([]);
  const [record, setRecord] = useState<PracticeScenarioRecord | null>(null);
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<FieldProblem[] | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  // Found problems are listed below the 24-line text box, out of sight at 1366x768: focus moves to them.
  const problemsHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (problems && problems.length > 0) problemsHeading.current?.focus();
  }, [problems]);

  const refresh = (): void => void unwrap(bridge.practice.scenarios(undefined)).then((r) => setList(r.items));
  useEffect(refresh, [bridge]);

  const load = (id: string): void => {
    setProblems(null);
    setStatus('');
    void unwrap(bridge.practice.scenario({ id })).then((r) => {
      setRecord(r);
      setText(JSON.stringify(r.scenario, null, 2));
    });
  };

  /** The scenario in the text box, checked; null (with the problems shown) when it is not valid. */
  const check = (): ScenarioInput | null => {
    setStatus('');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      setProblems([notJsonProblem(text, err)]);
      return null;
    }
    try {
      loadScenario(json, lookup);
    } catch (err) {
      if (err instanceof ScenarioDefinitionError) {
        setProblems([...err.issues]);
        return null;
      }
      throw err;
    }
    setProblems([]);
    return json as ScenarioInput;
  };

  const save = async (): Promise<void> => {
    const scenario = check();
    if (!scenario) return;
    setBusy(true);
    try {
      const saved =
        record && record.id === scenario.id
          ? await unwrap(bridge.practice.updateScenario({ id: record.id, scenario, revision: record.revision }))
          : await unwrap(bridge.practice.createScenario({ scenario }));
      setRecord(saved);
      setText(JSON.stringify(saved.scenario, null, 2));
      setStatus(t('practice.editor.saved', { revision: saved.revision }));
      refresh();
    } catch (err) {
      const e = toUiError(err);
      if (e.fields?.length) setProblems(e.fields);
      else setStatus(t('errors.generic', { message: errorText(e, t) }));
    } finally {
      setBusy(false);
    }
  };

  const copy = (): void => {
    try {
      const json = JSON.parse(text) as { id?: string };
      json.id = `${json.id ?? 'scenario'}-copy`;
      setText(JSON.stringify(json, null, 2));
      setStatus('');
    } catch {
      check();
    }
  };

  return (
    <section className="practice-panel scenario-editor" aria-labelledby="editor-title" data-testid="scenario-editor">
      <h2 id="editor-title">{t('practice.editor.title')}</h2>
      <label>
        {t('practice.editor.choose')}
        <select value={record?.id ?? ''} onChange={(e) => load(e.target.value)} data-testid="editor-select">
          <option value="" disabled>
            —
          </option>
          {list.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title[locale]} ({s.id}
              {s.builtin ? `, ${t('practice.editor.builtin')}` : ''})
            </option>
          ))}
        </select>
      </label>
      {record && <p className="muted">{t('practice.editor.revision', { revision: record.revision, at: new Date(record.updatedAt).toLocaleString(locale === 'ko' ? 'ko-KR' : 'en-US') })}</p>}
      <label>
        {t('practice.editor.json')}
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={24} spellCheck={false} data-testid="editor-text" />
      </label>
      <div className="call-controls">
        <button type="button" className="btn btn-neutral" onClick={() => check()} disabled={!text} data-testid="editor-check">
          {t('practice.editor.check')}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={!text || busy} data-testid="editor-save">
          {busy ? t('practice.editor.saving') : t('practice.editor.save')}
        </button>
        <button type="button" className="btn btn-neutral" onClick={copy} disabled={!text}>
          {t('practice.editor.new')}
        </button>
      </div>
      <p role="status" className="save-state">
        {problems?.length === 0 ? t('practice.editor.ok') : status}
      </p>
      {problems && problems.length > 0 && (
        <>
          <h3 ref={problemsHeading} tabIndex={-1} data-testid="editor-problems-title">
            {t('practice.editor.problems')}
          </h3>
          <ul className="problems" data-testid="editor-problems">
            {problems.map((p) => (
              <li key={`${p.path}-${p.code ?? ''}-${p.message}`}>
                <code>{jsonPathOf(p.path)}</code>: {fieldProblemText(p, t)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
