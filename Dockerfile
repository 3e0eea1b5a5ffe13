# Heimdall node image: builds the tree, then runs bin/standalone.sh start -fg.
#   docker build -t heimdall .
#   docker run -p 1883:1883 -p 8091:8091 -v $PWD/conf/docker/node1.yml:/opt/heimdall/conf/standalone.yml heimdall
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /opt/heimdall
COPY --from=build /src/bin bin
COPY --from=build /src/conf conf
COPY --from=build /src/standalone/target/standalone-*.jar /src/standalone/target/jvm.opens standalone/target/
COPY --from=build /src/standalone/target/lib standalone/target/lib
ENV DATA_DIR=/data LOG_DIR=/logs
VOLUME ["/data", "/logs"]
EXPOSE 1883 8091 5701
# Foreground: the container's main process is the JVM itself (exec), so docker stop sends it SIGTERM.
CMD ["bin/standalone.sh", "start", "-fg"]
