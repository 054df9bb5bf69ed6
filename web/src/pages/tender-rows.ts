import { t } from '../i18n/index.js';
import { FIELD_TYPES } from '../tender-types.js';
import { input, moneyInput, select } from './form-controls.js';
import { personSelect } from './people-picker.js';
import { rowsEditor } from './rows.js';

/**
 * The repeated parts of the tender form: sections, bid-form fields, custodians; `onSections` hears of every
 * change to the sections (their evaluation plans follow them).
 */
export function tenderRows(onSections?: (rows: HTMLElement[]) => void) {
  const sections = rowsEditor({
    prefix: 'sections',
    onRows: onSections,
    addLabel: t('tenderForm.addSection'),
    rowLabel: (i) => t('tenderForm.sectionN', { n: i + 1 }),
    min: 1,
    max: 50,
    columns: [
      { key: 'name', label: t('tender.section.name'), control: () => input(''), width: 'wide' },
      { key: 'maxPriceFen', label: t('tenderForm.maxPriceYuan'), control: () => moneyInput(), money: true },
      {
        key: 'estimatedPriceFen',
        label: t('tenderForm.estimateYuan'),
        control: () => moneyInput(),
        money: true,
      },
      { key: 'depositFen', label: t('tenderForm.depositYuan'), control: () => moneyInput(), money: true },
    ],
  });
  const fields = rowsEditor({
    prefix: 'bidFormFields',
    addLabel: t('tenderForm.addField'),
    rowLabel: (i) => t('tenderForm.fieldN', { n: i + 1 }),
    min: 0,
    max: 19,
    columns: [
      { key: 'label', label: t('tender.field.label'), control: () => input(''), width: 'wide' },
      { key: 'key', label: t('tender.field.key'), control: () => input('', { placeholder: 'durationDays' }) },
      {
        key: 'type',
        label: t('tender.field.type'),
        control: () =>
          select(
            '',
            FIELD_TYPES.map((k) => [k, t(`fieldType.${k}`)]),
          ),
      },
      {
        key: 'required',
        label: t('tender.field.required'),
        control: () => input('', { type: 'checkbox', checked: true }),
        width: 'narrow',
      },
      {
        key: 'readOut',
        label: t('tender.field.readOut'),
        control: () => input('', { type: 'checkbox' }),
        width: 'narrow',
      },
    ],
  });
  const custodians = rowsEditor({
    prefix: 'custodians.userIds',
    addLabel: t('tenderForm.addCustodian'),
    rowLabel: (i) => t('tenderForm.custodianN', { n: i + 1 }),
    min: 1,
    max: 9,
    columns: [
      {
        key: 'id',
        label: t('tenderForm.custodianId'),
        // Chosen by name from the custodians on file (people-picker.ts), never typed as an id.
        control: () => personSelect('custodians'),
        width: 'wide',
      },
    ],
  });
  return { sections, fields, custodians };
}
