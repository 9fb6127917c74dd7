import { describe, expect, it } from 'vitest';
import { FLIGHT_MS, ToolFlights } from '../../../../src-renderer/src/agents/tool-flights';

describe('ToolFlights', () => {
  it('lists calls still in the air, oldest first', () => {
    const flights = new ToolFlights(4);
    flights.add('a', 'Read', 1_000);
    flights.add('b', 'Grep', 1_100);
    expect([...flights.active(1_200)].map((f) => f.tool)).toEqual(['Read', 'Grep']);
    expect([...flights.active(1_000 + FLIGHT_MS)].map((f) => f.tool)).toEqual(['Grep']);
  });

  it('drops new calls while every slot is still flying, so names are never cut short', () => {
    const flights = new ToolFlights(2);
    flights.add('a', 'Read', 0);
    flights.add('b', 'Grep', 10);
    flights.add('c', 'Bash', 20);
    expect([...flights.active(30)].map((f) => f.tool)).toEqual(['Read', 'Grep']);
    flights.add('c', 'Bash', FLIGHT_MS);
    expect([...flights.active(FLIGHT_MS + 1)].map((f) => f.tool)).toEqual(['Grep', 'Bash']);
  });

  it('clears', () => {
    const flights = new ToolFlights(2);
    flights.add('a', 'Read', 0);
    flights.clear();
    expect([...flights.active(1)]).toEqual([]);
  });
});
