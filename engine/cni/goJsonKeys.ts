type Json = Record<string, unknown>;

/**
 * An object's keys as Go's encoding/json assigns them to struct fields: a key names the field
 * with its exact name, else the one equal ignoring case; keys are applied in order, so the last
 * one wins, and null leaves the field as it was. Keys that name no field are kept as written.
 * The IPAM plugins decode their config this way (e.g. `RangeStart`, `GATEWAY` reach host-local).
 */
export function goKeys(raw: Json, fields: readonly string[]): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = fields.includes(key) ? key : fields.find((name) => name.toLowerCase() === key.toLowerCase());
    if (field === undefined) out[key] = value;
    else if (value !== null) out[field] = value;
  }
  return out;
}
