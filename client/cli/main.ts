console.log("multus-nad");
