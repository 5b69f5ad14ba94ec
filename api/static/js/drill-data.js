// The drill as the view replays it, from drill(id)'s typed fields (DrillTimeline, DrillReplay):
// per strategy its metrics, incidents, needs, sorties and road cuts in the shape the map
// (drill-map.js) and the charts (drill-charts.js) draw; times in minutes from the start.
//
//   const result = drillData((await gql(`query($id: ID!) { drill(id: $id) { ${DRILL_FIELDS} } }`,
//     { id })).drill);
//   result.runs[0].sorties[0].baseLat

const REASON = "code text params { name kind value number text concepts { id nameZh nameEn } }";
const VERDICT = `team nameZh nameEn arrivesMinute covers reasons { ${REASON} }`;

export const DRILL_FIELDS = `id status progress currentStrategy error durationMinutes
  results { strategy needs coveredWithin30 coveredWithin60 coveredWithin120 coveredAtEnd
    meanMinutesToFirstUnit sorties teamsExhausted totalTravelKm
    unmet { capability nameZh nameEn count weight } series { minute covered teamsOut }
    timeline {
      incidents { id nameZh nameEn level location { latitude longitude } openedMinute closedMinute
                  levels { minute level } }
      needs { incident weight arisenMinute firstArrivalMinute }
      sorties { team nameZh nameEn incident base { latitude longitude } scene { latitude longitude }
                dispatchedMinute arrivesMinute readinessMinutes leavesMinute homeMinute }
      events { minute kind area { latitude longitude radiusKm } untilMinute } } }
  replay { source start busyThen freeThenCount
    comparisons { incident kept meanFirstUnitActual meanFirstUnitEmkg
                  added { ${VERDICT} } dropped { ${VERDICT} } } }`;

const EVENT_KINDS = { ESCALATE: "escalate", CLOSE: "close", TEAMS_UNAVAILABLE: "teamsUnavailable",
  REINFORCEMENTS: "reinforcements", ROADS_CUT: "roadsCut", TEAM_MISSING: "teamMissing" };

function run(r) {
  const t = r.timeline;
  return {
    strategy: r.strategy.toLowerCase(),
    metrics: {
      coveredWithin: { 30: r.coveredWithin30, 60: r.coveredWithin60, 120: r.coveredWithin120 },
      coveredAtEnd: r.coveredAtEnd, meanMinutesToFirstUnit: r.meanMinutesToFirstUnit,
      sorties: r.sorties, totalTravelKm: r.totalTravelKm, teamsExhausted: r.teamsExhausted,
      unmetByKind: r.unmet, series: r.series,
    },
    incidents: t.incidents.map((i) => ({ id: i.id, nameZh: i.nameZh, nameEn: i.nameEn, level: i.level,
      latitude: i.location.latitude, longitude: i.location.longitude, opened: i.openedMinute,
      closed: i.closedMinute, levels: i.levels.map((l) => [l.minute, l.level]) })),
    needs: t.needs.map((n) => ({ incident: n.incident, weight: n.weight, arisen: n.arisenMinute,
      firstArrival: n.firstArrivalMinute })),
    sorties: t.sorties.map((s) => ({ team: s.team, nameZh: s.nameZh, nameEn: s.nameEn,
      incident: s.incident, baseLat: s.base.latitude, baseLon: s.base.longitude,
      sceneLat: s.scene.latitude, sceneLon: s.scene.longitude, dispatched: s.dispatchedMinute,
      arrives: s.arrivesMinute, readiness: s.readinessMinutes, leaves: s.leavesMinute,
      home: s.homeMinute })),
    notes: t.events.map((e) => ({ kind: EVENT_KINDS[e.kind] || e.kind, at: e.minute,
      latitude: e.area?.latitude, longitude: e.area?.longitude, radiusKm: e.area?.radiusKm,
      until: e.untilMinute })),
  };
}

/** The drill's typed answer as the view's replay data. */
export function drillData(d) {
  return { script: { durationMinutes: d.durationMinutes }, replay: d.replay, runs: d.results.map(run) };
}
