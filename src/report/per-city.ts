/**
 * One city's own report: the document a city's smart-city office acts on. Its scores against its
 * peers' average and best, its lost points by dimension, every improvement priority with the
 * points it would gain, its indicators one by one, its data-quality findings and corrections.
 */
import type { ResultsCity } from '../engine/results.js';
import { lostFigure, radarFigure } from './charts.js';
import { cityStanding, correctionsOf, dimensionTable, findingsOf, peersNote, prioritiesBlocks, qualityItems, standings } from './city.js';
import { num, type Block, type Cell, type Column, type Doc } from './doc.js';
import { DASH } from './format.js';
import { correctionsTable, findingsTable, generatedLine, method, notices } from './sections.js';
import { levelLabel, type ReportView } from './view.js';

export function cityDoc(v: ReportView, c: ResultsCity, o: { stem: string; mainReport?: string }): Doc {
  const { s } = v;
  const title = s.cityReportTitle(c.name, v.s.yearLabel(c.year));
  const blocks: Block[] = [{ t: 'h', level: 1, text: title }, generatedLine(v), ...notices(v, true)];
  if (o.mainReport) blocks.push({ t: 'p', small: true, c: [`← ${s.mainReportLink}${s.colon}`, { a: v.title, href: o.mainReport }] });

  blocks.push({ t: 'h', level: 2, text: s.summary, id: 'summary' });
  for (const line of cityStanding(v, c)) blocks.push({ t: 'p', c: line });
  const radar = radarFigure(v, c, `${o.stem}-radar`);
  if (radar) blocks.push(radar);

  blocks.push({ t: 'h', level: 2, text: s.dimensions, id: 'dimensions' });
  blocks.push({ t: 'p', small: true, c: [peersNote(v, c)] });
  blocks.push(dimensionTable(v, c));
  const lost = lostFigure(v, c, `${o.stem}-lost`);
  if (lost) blocks.push(lost);

  blocks.push({ t: 'h', level: 2, text: s.priorities, id: 'priorities' });
  blocks.push(...prioritiesBlocks(v, c));

  const st = standings(v, c);
  blocks.push({ t: 'h', level: 2, text: `${s.strengths} / ${s.weaknesses}`, id: 'standing' });
  blocks.push({ t: 'h', level: 3, text: s.strengths });
  blocks.push(st.strengths.length ? { t: 'list', items: st.strengths } : { t: 'p', c: [s.none] });
  blocks.push({ t: 'h', level: 3, text: s.weaknesses });
  blocks.push(st.weaknesses.length ? { t: 'list', items: st.weaknesses } : { t: 'p', c: [s.none] });

  blocks.push({ t: 'h', level: 2, text: s.leafDetails, id: 'indicators' });
  blocks.push(leafTable(v, c));

  blocks.push({ t: 'h', level: 2, text: s.qualityNotes, id: 'quality' });
  const q = qualityItems(v, c);
  blocks.push(q.length ? { t: 'list', items: q } : { t: 'p', c: [s.noQualityNotes] });
  const fnd = findingsOf(v, c);
  if (fnd.length) {
    blocks.push({ t: 'h', level: 3, text: s.cityFindings });
    blocks.push(...findingsTable(v, fnd));
  }
  const cors = correctionsOf(v, c);
  if (cors.length) {
    blocks.push({ t: 'h', level: 3, text: s.corrections });
    blocks.push(correctionsTable(v, cors));
  }
  blocks.push(...method(v, { short: true }));
  return { lang: v.lang, title, blocks };
}

/** Every leaf of the city: indicator value, achievement, points, maximum, lost, state (and raw cells when known). */
function leafTable(v: ReportView, c: ResultsCity): Block {
  const { s, f } = v;
  const withRaw = v.leaves.some((l) => v.rawCells(c, l).length > 0);
  const cols: Column[] = [{ label: s.id }, { label: s.indicator }];
  if (withRaw) cols.push({ label: s.raw }, { label: s.rawSource });
  cols.push(
    { label: s.indicatorValue, num: true },
    { label: s.scoreRate, num: true },
    { label: s.points, num: true },
    { label: s.maxPoints, num: true },
    { label: s.lost, num: true },
    { label: s.state },
  );
  const rows: Cell[][] = v.leaves.map((l) => {
    const sc = v.score(c, l.id);
    const row: Cell[] = [l.id, v.nodeName(l.id)];
    if (withRaw) {
      const raw = v.rawCells(c, l);
      row.push(
        raw
          .map(
            (x) =>
              `${raw.length > 1 ? `${x.field}=` : ''}${x.value === null ? DASH : String(x.value)}${x.corrected !== undefined ? ` → ${x.corrected === null ? DASH : String(x.corrected)}` : ''}`,
          )
          .join('; '),
        raw
          .map((x) => x.where)
          .filter(Boolean)
          .join('; '),
      );
    }
    row.push(
      num(levelLabel(l, sc?.input) ?? f.value(sc?.input), sc?.input),
      num(f.score(sc?.value), sc?.value),
      num(f.score(sc?.points), sc?.points),
      num(f.score(l.maxPoints), l.maxPoints),
      num(f.score(sc?.lost), sc?.lost),
      sc ? [s.stateName(sc.state), sc.imputed ? s.imputed : ''].filter(Boolean).join(' ') : DASH,
    );
    return row;
  });
  return { t: 'table', sortable: true, cols, rows };
}
