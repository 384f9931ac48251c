import { match } from "./router";

test("paths match their pattern and give the named parts decoded", () => {
  expect(match("/jobs/:id", "/jobs/abc-1")).toEqual({ id: "abc-1" });
  expect(match("/models/:name", "/models/ada%2Fx/")).toEqual({ name: "ada/x" });
  expect(match("/jobs/:id", "/jobs")).toBeNull();
  expect(match("/jobs", "/models")).toBeNull();
});
