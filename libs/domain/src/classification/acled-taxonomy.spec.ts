import { acledType, ACLED_EVENT_TYPES, isAcledEventType } from './acled-taxonomy';

const at = { atFacility: true, foreignActor: false };
const away = { atFacility: false, foreignActor: false };

describe('ACLED event types onto the taxonomy', () => {
  it('knows the six event types and nothing else', () => {
    expect(ACLED_EVENT_TYPES).toHaveLength(6);
    expect(isAcledEventType('Battles')).toBe(true);
    expect(isAcledEventType('battles')).toBe(false);
  });

  it.each([
    ['Battles', 'Armed clash', away, 'armed_clash'],
    ['Battles', 'Non-state actor overtakes territory', at, 'facility_attack'],
    ['Explosions/Remote violence', 'Air/drone strike', at, 'facility_attack'],
    ['Explosions/Remote violence', 'Shelling/artillery/missile attack', away, 'armed_clash'],
    ['Violence against civilians', 'Abduction/forced disappearance', at, 'facility_attack'],
    ['Violence against civilians', 'Sexual violence', at, 'irrelevant'],
    ['Protests', 'Peaceful protest', at, 'facility_protest'],
    ['Protests', 'Peaceful protest', away, 'irrelevant'],
    ['Riots', 'Violent demonstration', at, 'facility_protest'],
    ['Strategic developments', 'Agreement', away, 'talks_progressing'],
    ['Strategic developments', 'Looting/property destruction', at, 'facility_attack'],
    [
      'Strategic developments',
      'Headquarters or base established',
      { atFacility: false, foreignActor: true },
      'foreign_deployment',
    ],
    ['Strategic developments', 'Arrests', away, 'irrelevant'],
    ['Strategic developments', 'Other', at, 'irrelevant'],
  ] as const)('%s / %s (%j) -> %s', (eventType, sub, ctx, type) => {
    expect(acledType(eventType, sub, ctx)).toBe(type);
  });
});
