import type { CardAttachment } from '../bot/chatTypes';
import { renderCard } from '../bot/cards';
import type { CardColor } from './presentation';

/**
 * The card of the life-cycle commands (cards/lifecycle.json): a title, a status line, facts, rows
 * (each with optional buttons), sections of lines, and links (always one to the Azure portal).
 */

export interface CardButton {
  title: string;
  verb: string;
  data: Record<string, string>;
}

export interface CardRow {
  title: string;
  subtitle?: string;
  detail?: string;
  color?: CardColor;
  note?: string;
  buttons?: CardButton[];
}

export interface LifecycleCardModel {
  title: string;
  statusLabel?: string;
  statusColor?: CardColor;
  summary?: string;
  facts?: Array<{ title: string; value: string }>;
  rows?: CardRow[];
  sections?: Array<{ heading: string; lines: string[] }>;
  notes?: string[];
  footer?: string;
  buttons?: CardButton[];
  links?: Array<{ title: string; url: string }>;
}

export function lifecycleCard(model: LifecycleCardModel): CardAttachment {
  return renderCard('lifecycle', lifecycleViewModel(model));
}

export function lifecycleViewModel(model: LifecycleCardModel) {
  return {
    title: model.title,
    statusLabel: model.statusLabel ?? '',
    statusColor: model.statusColor ?? 'Default',
    summary: model.summary ?? '',
    facts: (model.facts ?? []).filter((fact) => fact.value !== ''),
    rows: (model.rows ?? []).map((row) => ({
      title: row.title,
      subtitle: row.subtitle ?? '',
      detail: row.detail ?? '',
      color: row.color ?? 'Default',
      note: row.note ?? '',
      buttons: (row.buttons ?? []).map(buttonView),
    })),
    sections: (model.sections ?? []).filter((section) => section.lines.length > 0),
    notes: model.notes ?? [],
    footer: model.footer ?? '',
    buttons: (model.buttons ?? []).map(buttonView),
    links: model.links ?? [],
  };
}

function buttonView(button: CardButton) {
  return { title: button.title, verb: button.verb, data: button.data, submitData: { ...button.data, verb: button.verb } };
}
