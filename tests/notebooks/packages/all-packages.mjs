// Every package of this folder's lockfile through `vmjs run` (tests/py/notebooks/test_packages.py).
import _ from "lodash";
import { chunk } from "lodash-es";
import { mean } from "d3-array";
import { scaleLinear } from "d3-scale";
import { format, addDays } from "date-fns";
import { z } from "zod";
import * as aq from "arquero";
import { produce } from "immer";
import { v5 } from "uuid";
import chalk from "chalk";

console.log("lodash", _.sum([1, 2, 3]), JSON.stringify(require("lodash").uniq([1, 1, 2])));
console.log("lodash-es", JSON.stringify(chunk([1, 2, 3], 2)));
console.log("d3", mean([1, 2, 3, 6]), scaleLinear().domain([0, 1]).range([0, 10])(0.5));
console.log("date-fns", format(addDays(new Date(2024, 1, 28), 1), "yyyy-MM-dd"));
console.log("zod", z.object({ n: z.number() }).safeParse({ n: "x" }).success);
console.log("arquero", aq.table({ x: [1, 2, 3] }).rollup({ s: aq.op.sum("x") }).get("s", 0));
console.log("immer", produce({ n: 1 }, (d) => { d.n += 1; }).n);
console.log("uuid", v5("vmjs", v5.URL));
console.log("chalk", chalk.green("ok"));
